import { maskFileText, type MaskedView } from './mask-file-text.ts';
import type { MaskOptions, SecretScope } from './mask-options.ts';
import { unmaskAgainst } from './unmask-for-write.ts';

/** An edit made on the masked view, and what it writes. */
export interface MaskedEdit {
  /** The file's masked view before the edit: what the agent's oldText was matched against. */
  readonly before: MaskedView;
  /** The masked view after the edit: the other side of the diff the agent is shown. */
  readonly after: string;
  /** The file's new content, each placeholder put back to its value. */
  readonly text: string;
  /** How many hidden values `text` puts back. */
  readonly restored: number;
}

/**
 * edit_file on a file with secrets: `edit` (the tool's own matching and replacing, such as
 * applyEdits with the call's edits) runs on the masked view the agent saw, so oldText
 * matches the placeholders the agent copied, a value it guessed matches nothing, and the
 * diff to show is between `before.text` and `after`, never the values. The result is then
 * unmasked against `current`, the file's content now, with the refusals of unmaskForWrite.
 * A dry run calls this too and writes nothing, so it refuses what the real edit would.
 */
export function editThroughMask(
  current: string,
  file: SecretScope,
  options: MaskOptions,
  edit: (masked: string) => string,
): MaskedEdit {
  const before = maskFileText(current, file, options);
  const after = edit(before.text);
  const { text, restored } = unmaskAgainst(after, current, before, file, options);
  return { before, after, text, restored };
}
