import { PolicyError } from '../policy/policy-error.ts';

export interface TextEdit {
  readonly oldText: string;
  readonly newText: string;
  readonly replaceAll?: boolean | undefined;
}

/**
 * Applies exact-match edits in order. The file's line endings are kept: edits written with
 * "\n" are matched and written as "\r\n" in a CRLF file.
 */
export function applyEdits(original: string, edits: readonly TextEdit[]): string {
  const crlf = original.includes('\r\n');
  let text = original;
  edits.forEach((edit, index) => {
    if (edit.oldText === '')
      throw new PolicyError('invalid_argument', `Edit ${index + 1}: oldText is empty.`);
    // Text copied exactly wins; only when it is absent is it retried with the file's CRLF endings.
    const exact = countOccurrences(text, edit.oldText);
    const useCrlf = crlf && exact === 0;
    const oldText = useCrlf ? toCrlf(edit.oldText) : edit.oldText;
    const newText = useCrlf ? toCrlf(edit.newText) : edit.newText;
    const count = useCrlf ? countOccurrences(text, oldText) : exact;
    if (count === 0) {
      throw new PolicyError(
        'no_match',
        `Edit ${index + 1}: oldText was not found. It must match the file exactly, including spaces and indentation. Read the file again and copy the text.`,
      );
    }
    if (count > 1 && !edit.replaceAll) {
      throw new PolicyError(
        'ambiguous_match',
        `Edit ${index + 1}: oldText appears ${count} times. Add surrounding lines to make it unique, or set replaceAll to true.`,
      );
    }
    text = edit.replaceAll
      ? text.split(oldText).join(newText)
      : replaceOnce(text, oldText, newText);
  });
  return text;
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length))
    count += 1;
  return count;
}

function replaceOnce(text: string, oldText: string, newText: string): string {
  const at = text.indexOf(oldText);
  return text.slice(0, at) + newText + text.slice(at + oldText.length);
}
