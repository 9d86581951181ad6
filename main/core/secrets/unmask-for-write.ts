import { maskFileText, type MaskedView } from './mask-file-text.ts';
import type { MaskOptions, SecretScope } from './mask-options.ts';
import {
  mentionsPlaceholder,
  placeholderAt,
  placeholderLikeText,
  placeholderStarts,
} from './placeholder.ts';
import { SecretPlaceholderError } from './secret-placeholder-error.ts';
import type { TextRange } from './text-range.ts';

/** What to write, and how many hidden values it puts back. */
export interface UnmaskedText {
  readonly text: string;
  readonly restored: number;
}

/**
 * The text to write into `file` when an agent writes `agentText` there (write_file, or
 * edit_file's result on the masked view), given the file's content now, `current` ('' when
 * it does not exist). Each placeholder of that file becomes the value it stands for, read
 * from `current`, so rewriting the lines around a secret, or the whole file from the masked
 * view, keeps the secret intact on disk. Everything else is written as the agent sent it.
 *
 * Refused with a SecretPlaceholderError, so that a placeholder is never written in place of
 * a value:
 * - a placeholder that is not one of this file's secrets now (another file's, made up, or one
 *   whose value changed or went away since the read: the tag covers the value);
 * - anything else that starts like a placeholder (`[secret hidden by Airlock`, any case) but
 *   is not one, unless the file already holds that same text (a document about Airlock
 *   quoting a placeholder can still be edited);
 * - a placeholder moved where its value would no longer be found as a secret (out of its
 *   `AWS_SECRET_ACCESS_KEY=`, say), which would show the value on the next read.
 *
 * `options` must be the ones the agent's view was masked with.
 */
export function unmaskForWrite(
  agentText: string,
  current: string,
  file: SecretScope,
  options: MaskOptions,
): UnmaskedText {
  if (!mentionsPlaceholder(agentText)) return { text: agentText, restored: 0 };
  return unmaskAgainst(agentText, current, maskFileText(current, file, options), file, options);
}

/** unmaskForWrite, given the masked view of `current` already made with the same options. */
export function unmaskAgainst(
  agentText: string,
  current: string,
  view: MaskedView,
  file: SecretScope,
  options: MaskOptions,
): UnmaskedText {
  if (!mentionsPlaceholder(agentText)) return { text: agentText, restored: 0 };
  const values = new Map(
    view.hidden.map((secret) => [
      secret.placeholder,
      current.slice(secret.original.start, secret.original.end),
    ]),
  );
  const parts: string[] = [];
  const restored: Restored[] = [];
  let copied = 0;
  let length = 0;
  for (const at of placeholderStarts(agentText)) {
    if (at < copied) continue;
    const shape = placeholderAt(agentText, at);
    const value = shape && values.get(shape.text);
    if (shape === undefined || value === undefined) {
      const quoted = shape?.text ?? placeholderLikeText(agentText, at);
      if (current.includes(quoted)) continue;
      throw new SecretPlaceholderError(
        shape ? 'placeholder_not_in_file' : 'placeholder_malformed',
        quoted,
      );
    }
    const before = agentText.slice(copied, at);
    parts.push(before, value);
    length += before.length;
    restored.push({ start: length, end: length + value.length, placeholder: shape.text });
    length += value.length;
    copied = at + shape.text.length;
  }
  if (restored.length === 0) return { text: agentText, restored: 0 };
  parts.push(agentText.slice(copied));
  const text = parts.join('');
  refuseExposed(text, restored, file, options);
  return { text, restored: restored.length };
}

/** Where a value was put back in the text to write, and the placeholder it replaced. */
interface Restored extends TextRange {
  readonly placeholder: string;
}

/** Refuses a write that would leave a restored value where masking no longer hides it. */
function refuseExposed(
  text: string,
  restored: readonly Restored[],
  file: SecretScope,
  options: MaskOptions,
): void {
  const hidden = maskFileText(text, file, options).hidden.map((secret) => secret.original);
  for (const { start, end, placeholder } of restored) {
    if (!withinOne(hidden, start, end)) {
      throw new SecretPlaceholderError('placeholder_would_expose', placeholder);
    }
  }
}

/** Whether [start, end) lies within one of `ranges`, which are sorted and apart. */
function withinOne(ranges: readonly TextRange[], start: number, end: number): boolean {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[middle]?.start ?? Infinity) <= start) low = middle + 1;
    else high = middle;
  }
  const range = ranges[low - 1];
  return range !== undefined && end <= range.end;
}
