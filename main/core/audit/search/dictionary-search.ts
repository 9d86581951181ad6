import type { StringDictionary } from './string-dictionary.ts';

/**
 * Case-insensitive substring search over the distinct values of a dictionary. Values are
 * lowercased and joined into a few large strings ("chunks"), so one `indexOf` pass per
 * chunk finds every value containing a term; a hit is accepted only when it lies inside a
 * single value, so separators (and newlines inside values) never create false matches.
 * Closed chunks never change; only the last, partly filled chunk is rebuilt after new
 * values arrive.
 */
const MAX_CHUNK_VALUES = 65_536;
const MAX_CHUNK_CHARS = 4 * 1024 * 1024;
const SEPARATOR = '\n';

interface Chunk {
  /** Id of the chunk's first value. */
  readonly first: number;
  /** Lowercased values joined by SEPARATOR. */
  readonly text: string;
  /** starts[i] is where value first + i begins in text; starts[count] = text.length + 1. */
  readonly starts: Uint32Array;
  readonly full: boolean;
}

export class DictionarySearch {
  readonly #dictionary: StringDictionary;
  readonly #chunks: Chunk[] = [];

  constructor(dictionary: StringDictionary) {
    this.#dictionary = dictionary;
  }

  /**
   * A mask over ids (1 = the value contains `term`, already lowercase), or null when no
   * value does. The mask covers the ids known now.
   */
  containing(term: string): Uint8Array | null {
    this.#refresh();
    const mask = new Uint8Array(this.#dictionary.size);
    let hits = 0;
    for (const chunk of this.#chunks) hits += searchChunk(chunk, term, mask);
    return hits === 0 ? null : mask;
  }

  /** Drops the open chunk when the dictionary grew, and builds chunks for the new ids. */
  #refresh(): void {
    const size = this.#dictionary.size;
    let next = 1;
    const last = this.#chunks.at(-1);
    if (last) {
      next = last.first + last.starts.length - 1;
      if (next === size) return;
      if (!last.full) {
        this.#chunks.pop();
        next = last.first;
      }
    }
    while (next < size) {
      const chunk = buildChunk(this.#dictionary, next, size);
      this.#chunks.push(chunk);
      next = chunk.first + chunk.starts.length - 1;
    }
  }
}

function buildChunk(dictionary: StringDictionary, first: number, size: number): Chunk {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  let id = first;
  while (id < size && parts.length < MAX_CHUNK_VALUES && length < MAX_CHUNK_CHARS) {
    const lower = (dictionary.valueOf(id) ?? '').toLowerCase();
    starts.push(length);
    parts.push(lower);
    length += lower.length + 1;
    id++;
  }
  starts.push(length);
  const full = parts.length >= MAX_CHUNK_VALUES || length >= MAX_CHUNK_CHARS;
  return { first, text: parts.join(SEPARATOR), starts: Uint32Array.from(starts), full };
}

function searchChunk(chunk: Chunk, term: string, mask: Uint8Array): number {
  const { text, starts, first } = chunk;
  let hits = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(term, from);
    if (at === -1) return hits;
    const index = entryAt(starts, at);
    const end = (starts[index + 1] as number) - 1;
    if (at + term.length <= end) {
      mask[first + index] = 1;
      hits++;
      from = end + 1;
    } else {
      from = at + 1;
    }
  }
}

/** The entry whose range holds `position`: the last i with starts[i] <= position. */
function entryAt(starts: Uint32Array, position: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((starts[middle] as number) <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
