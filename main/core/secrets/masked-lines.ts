import type { LineWindow } from '../fs/read-text.ts';
import type { HiddenSecret, MaskedView } from './mask-file-text.ts';
import { maskedOffsetOf } from './masked-positions.ts';

/**
 * The lines of a masked view, as the agent sees and numbers them. A key block that spans
 * lines is one placeholder on one line, so past it the masked view's line numbers are
 * smaller than the file's: every tool that numbers lines for the agent (read_text_file's
 * windows, search_content's matches, edit_file's diff) numbers the masked view's, so the
 * numbers agree with each other and with what the agent read.
 */
export class MaskedLines {
  readonly #text: string;
  readonly #view: MaskedView;
  /** Where each line of the masked text starts; lines end at '\n', as text.split('\n'). */
  readonly #starts: number[] = [0];

  constructor(view: MaskedView) {
    this.#view = view;
    this.#text = view.text;
    for (let at = this.#text.indexOf('\n'); at !== -1; at = this.#text.indexOf('\n', at + 1)) {
      this.#starts.push(at + 1);
    }
  }

  /** How many lines `text.split('\n')` would give. */
  get count(): number {
    return this.#starts.length;
  }

  /** The number, from 1, of the masked line that shows offset `at` of the file's text. */
  lineOfOriginal(at: number): number {
    return this.lineOfMasked(maskedOffsetOf(this.#view, at));
  }

  /** The number, from 1, of the line holding offset `at` of the masked text. */
  lineOfMasked(at: number): number {
    let low = 0;
    let high = this.#starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#starts[middle] ?? Infinity) <= at) low = middle + 1;
      else high = middle;
    }
    return Math.max(1, low);
  }

  /** Masked line `line` (from 1) without its '\n'; a '\r' before it stays. */
  text(line: number): string {
    const start = this.#starts[line - 1];
    if (start === undefined) return '';
    const next = this.#starts[line];
    return this.#text.slice(start, next === undefined ? this.#text.length : next - 1);
  }
}

/** The lines of a masked view that a window names, and the secrets whose placeholders they show. */
export interface MaskedWindow {
  readonly text: string;
  /** The view's hidden secrets shown in `text` (their offsets stay those of the whole view). */
  readonly hidden: readonly HiddenSecret[];
}

/**
 * The part of a masked view that a line window names, with the meaning read_text_file gives
 * it on a file: lines end with their '\n'; head and a range count from the start, tail from
 * the end, where a final '\n' ends the last line rather than starting an empty one. A window
 * is cut from the whole masked file, never masked on its own: a secret's number and its
 * placeholder stay those of the whole file, and a key block cut by the window's edge is
 * still hidden whole. A placeholder holds no line break, so it is in a window or not at all.
 */
export function maskedLineWindow(view: MaskedView, window: LineWindow): MaskedWindow {
  const [start, end] = windowRange(view.text, window);
  if (start === 0 && end === view.text.length) return view;
  return {
    text: view.text.slice(start, end),
    hidden: view.hidden.filter(({ masked }) => masked.start >= start && masked.end <= end),
  };
}

function windowRange(text: string, window: LineWindow): [number, number] {
  switch (window.kind) {
    case 'whole':
      return [0, text.length];
    case 'head':
      return [0, startOfLine(text, window.lines)];
    case 'range':
      return [startOfLine(text, window.offset), startOfLine(text, window.offset + window.length)];
    case 'tail':
      return [Math.min(startOfTail(text, window.lines), text.length), text.length];
  }
}

/** Where line `index` (from 0) starts, or the text's length if it has fewer lines. */
function startOfLine(text: string, index: number): number {
  let at = 0;
  for (let line = 0; line < index; line++) {
    const newline = text.indexOf('\n', at);
    if (newline === -1) return text.length;
    at = newline + 1;
  }
  return at;
}

function startOfTail(text: string, lines: number): number {
  let at = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let line = 0; line < lines; line++) {
    if (at <= 0) return 0;
    const newline = text.lastIndexOf('\n', at - 1);
    if (newline === -1) return 0;
    at = newline;
  }
  return at + 1;
}
