import type { HiddenSecret, MaskedView } from './mask-file-text.ts';
import type { TextRange } from './text-range.ts';

/**
 * Offsets in a file's text and in its masked view, one mapped to the other, for the tools
 * that show part of a file: search_content matches the file's text and must skip a match
 * that touches a secret, then show the masked line; the masked view's other uses go the
 * other way. Each lookup is a binary search over the hidden secrets.
 */

/**
 * Whether [start, end) of the file's text touches a secret. An empty range touches one only
 * strictly inside it (a match of nothing at a secret's edge reveals nothing of it).
 */
export function overlapsHidden(view: MaskedView, start: number, end: number): boolean {
  const hidden = last(view, (secret) => secret.original.start, start === end ? start : end - 1);
  if (!hidden) return false;
  if (start === end) return hidden.original.start < start && start < hidden.original.end;
  return start < hidden.original.end;
}

/** Whether [start, end) of the masked text touches a placeholder. */
export function overlapsPlaceholder(view: MaskedView, start: number, end: number): boolean {
  const hidden = last(view, (secret) => secret.masked.start, Math.max(start, end - 1));
  return hidden !== undefined && start < hidden.masked.end;
}

/**
 * Where an offset of the file's text is in the masked text. An offset inside a secret maps
 * to the start of its placeholder, and the end of a secret to the end of its placeholder.
 */
export function maskedOffsetOf(view: MaskedView, at: number): number {
  const hidden = last(view, (secret) => secret.original.start, at);
  if (!hidden) return at;
  if (at === hidden.original.start) return hidden.masked.start;
  if (at < hidden.original.end) return hidden.masked.start;
  return at - hidden.original.end + hidden.masked.end;
}

/**
 * The range of the file's text that [start, end) of the masked text shows: a placeholder
 * that the range touches counts whole.
 */
export function originalRangeOf(view: MaskedView, start: number, end: number): TextRange {
  return { start: originalOffset(view, start, 'start'), end: originalOffset(view, end, 'end') };
}

/** Whether [start, end) of the masked text lies within one placeholder. */
export function withinOnePlaceholder(view: MaskedView, start: number, end: number): boolean {
  const hidden = last(view, (secret) => secret.masked.start, start);
  return hidden !== undefined && end <= hidden.masked.end;
}

function originalOffset(view: MaskedView, at: number, edge: 'start' | 'end'): number {
  const probe = edge === 'start' ? at : at - 1;
  const hidden = last(view, (secret) => secret.masked.start, probe);
  if (!hidden) return at;
  if (probe < hidden.masked.end)
    return edge === 'start' ? hidden.original.start : hidden.original.end;
  return at - hidden.masked.end + hidden.original.end;
}

/** The last hidden secret whose `startOf` is at or before `at`. */
function last(
  view: MaskedView,
  startOf: (secret: HiddenSecret) => number,
  at: number,
): HiddenSecret | undefined {
  let low = 0;
  let high = view.hidden.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const secret = view.hidden[middle];
    if (secret && startOf(secret) <= at) low = middle + 1;
    else high = middle;
  }
  return view.hidden[low - 1];
}
