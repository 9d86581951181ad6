import { CodedError } from '../coded-error.ts';

/**
 * Why text written into a file was refused for a placeholder in it:
 * - `placeholder_not_in_file`: a well-formed placeholder that stands for none of this file's
 *   secrets now: another file's, one made up, or one whose value changed or went away since
 *   the agent read the file;
 * - `placeholder_malformed`: text that starts like a placeholder but is not a whole one;
 * - `placeholder_would_expose`: a placeholder put where its value would no longer be found
 *   as a secret, so the next read would show the value.
 */
export type SecretPlaceholderCode =
  'placeholder_not_in_file' | 'placeholder_malformed' | 'placeholder_would_expose';

/** The agent reads the message; it quotes only the agent's own text, never a value. */
export class SecretPlaceholderError extends CodedError<SecretPlaceholderCode> {
  /** The placeholder, or placeholder-like text, that was refused. */
  readonly placeholder: string;

  constructor(code: SecretPlaceholderCode, placeholder: string) {
    super(code, messageFor(code, placeholder));
    this.name = 'SecretPlaceholderError';
    this.placeholder = placeholder;
  }
}

function messageFor(code: SecretPlaceholderCode, placeholder: string): string {
  const quoted = JSON.stringify(placeholder);
  switch (code) {
    case 'placeholder_not_in_file':
      return `Nothing was written: the text contains a placeholder for a hidden secret that is not in this file now, ${quoted}. It may come from another file, or the secret was changed or removed since you read this file. Read the file again and keep its own placeholders, write the file without this one, or ask the person to fill in the value.`;
    case 'placeholder_malformed':
      return `Nothing was written: the text contains ${quoted}, which starts like a placeholder for a hidden secret but is not one of this file's. Airlock never writes such text, so that no secret is replaced by it. Copy each placeholder exactly as you read it, or leave it out.`;
    case 'placeholder_would_expose':
      return `Nothing was written: the placeholder ${quoted} would put its hidden value where Airlock no longer recognizes it as a secret, and the value would show on the next read. Keep the placeholder where it was (next to the name it is assigned to), or ask the person to move the value.`;
  }
}
