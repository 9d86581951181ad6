// The search_content worker: reads the files the main thread chose and matches them, off the
// main thread, so a slow or catastrophic regular expression costs this worker (which the main
// thread terminates at the call's time limit) and never the server.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { openFileInVerifiedFolderSync, openVerifiedSync } from '../fs/verified-open-sync.ts';
import { currentPlatform } from '../policy/platform.ts';
import { SensitiveGuard, type GuardSettings } from '../policy/sensitive-guard.ts';
import { maskFileText, type MaskedView } from '../secrets/mask-file-text.ts';
import type { MaskOptions } from '../secrets/mask-options.ts';
import type { TextRange } from '../secrets/text-range.ts';

// V8 runs regular expressions on its fast backtracking engine and, once one backtracks
// excessively, reruns it on the linear-time engine. Compiling every pattern for the linear
// engine outright (flag `l`) would be about 50x slower on ordinary patterns and refuses
// case-insensitive ones. The flag is process-wide; it only changes how runaway matches end.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** A folder the main thread listed through the policy, and the files in it to search. */
export interface FolderJob {
  /** The folder's real path. */
  readonly real: string;
  /**
   * Plain files (not links) inside the folder, none guarded by name. Strings rather than
   * objects, because every batch is cloned into the worker and objects cost far more.
   */
  readonly names: readonly string[];
  /** Indexes into `names` of config files (.npmrc, …) protected when they carry a credential. */
  readonly contentChecks: readonly number[];
  /** Whether secrets inside this folder's files are masked (the query's `secrets` given). */
  readonly maskSecrets?: boolean;
  /** Indexes into `names` of files whose secrets are shown all the same (exempt names). */
  readonly shownSecrets?: readonly number[];
}

export interface SearchQuery {
  readonly mode: 'literal' | 'regex';
  /** The text to find, or the regular expression's source; already lower-cased when folding. */
  readonly pattern: string;
  /** RegExp flags for regex mode: `gm`, plus `u` only when the pattern needs it. */
  readonly flags: string;
  readonly foldCase: boolean;
  readonly contextLines: number;
  readonly maxReadBytes: number;
  readonly maxLineChars: number;
  readonly guard: GuardSettings;
  /** How secrets inside files are masked, where a folder masks them. */
  readonly secrets?: MaskOptions;
}

export interface ContentMatch {
  readonly path: string;
  readonly line: number;
  readonly text: string;
  readonly before?: string[];
  readonly after?: string[];
}

export interface SkipCounts {
  binary: number;
  tooLarge: number;
  protected: number;
  changed: number;
}

/** What one batch of folders yielded. */
export interface BatchResult {
  /** The batch's first `keep` matching lines, in file order. */
  matches: ContentMatch[];
  /** All matching lines in the batch. */
  total: number;
  filesSearched: number;
  skipped: SkipCounts;
}

export type ToWorker =
  | { readonly kind: 'query'; readonly query: SearchQuery }
  | {
      readonly kind: 'batch';
      readonly id: number;
      readonly folders: readonly FolderJob[];
      /** How many matches to send back in full; the rest are only counted. */
      readonly keep: number;
    };

export type FromWorker =
  | { readonly kind: 'batch'; readonly id: number; readonly result: BatchResult }
  | { readonly kind: 'failed'; readonly message: string };

const BINARY_PROBE_BYTES = 8192;

interface Hit {
  readonly line: number;
  readonly column: number;
}

class Search {
  private readonly query: SearchQuery;
  private readonly guard: SensitiveGuard;
  private readonly needle: Buffer | undefined;
  private readonly expression: RegExp | undefined;
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(query: SearchQuery) {
    this.query = query;
    this.guard = new SensitiveGuard(currentPlatform(), query.guard);
    this.needle =
      query.mode === 'literal' && !query.foldCase ? Buffer.from(query.pattern, 'utf8') : undefined;
    this.expression = query.mode === 'regex' ? new RegExp(query.pattern, query.flags) : undefined;
  }

  searchBatch(folders: readonly FolderJob[], keep: number): BatchResult {
    const result: BatchResult = {
      matches: [],
      total: 0,
      filesSearched: 0,
      skipped: { binary: 0, tooLarge: 0, protected: 0, changed: 0 },
    };
    for (const folder of folders) this.searchFolder(folder, result, keep);
    return result;
  }

  private searchFolder(folder: FolderJob, result: BatchResult, keep: number): void {
    // Proved to be the folder the main thread listed, not a link swapped in on the way; its
    // files are then opened inside it. Whatever cannot be opened so counts as changed.
    let opened: number;
    try {
      opened = openVerifiedSync(folder.real, 'folder');
    } catch {
      result.skipped.changed += folder.names.length;
      return;
    }
    try {
      folder.names.forEach((name, index) => {
        const path = join(folder.real, name);
        let fd: number;
        try {
          fd = openFileInVerifiedFolderSync(opened, folder.real, name);
        } catch {
          result.skipped.changed += 1;
          return;
        }
        const mask =
          folder.maskSecrets === true && !folder.shownSecrets?.includes(index)
            ? this.query.secrets
            : undefined;
        try {
          this.searchFile(fd, path, folder.contentChecks.includes(index), mask, result, keep);
        } catch {
          // A read that fails (the file was truncated, locked, or is not what it seemed)
          // costs that file only, not the search.
          result.skipped.changed += 1;
        } finally {
          closeSync(fd);
        }
      });
    } finally {
      closeSync(opened);
    }
  }

  private searchFile(
    fd: number,
    path: string,
    contentCheck: boolean,
    mask: MaskOptions | undefined,
    result: BatchResult,
    keep: number,
  ): void {
    const { skipped } = result;
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      skipped.changed += 1;
      return;
    }
    if (stats.size > this.query.maxReadBytes) {
      skipped.tooLarge += 1;
      return;
    }
    const length = this.readAll(fd, stats.size);
    if (length > this.query.maxReadBytes) {
      skipped.tooLarge += 1;
      return;
    }
    const bytes = this.buffer.subarray(0, length);
    // Decided before any matching, so whether a protected file holds the pattern never
    // shows in the counts (that would let an agent guess a token one character at a time).
    if (contentCheck && this.guard.contentCarriesCredential(bytes.toString('utf8'))) {
      skipped.protected += 1;
      return;
    }
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      skipped.binary += 1;
      return;
    }
    result.filesSearched += 1;
    // The fast path: most files do not contain a literal at all, and memmem says so.
    if (this.needle && !bytes.includes(this.needle)) return;
    const raw = bytes.toString('utf8');
    let text = raw;
    let hits: Hit[];
    const view =
      mask && this.mayMatchMasked(raw) ? maskFileText(raw, { realPath: path }, mask) : undefined;
    if (view && view.hidden.length > 0) {
      // A file with secrets is searched as the agent reads it: its masked view, where a
      // match that touches a placeholder does not count, and a lookahead or a backreference
      // sees placeholders, never values. Lines and their numbers are the masked view's, as
      // read_text_file shows them, and `total` counts only what is reported.
      text = view.text;
      const searched = foldedView(view, this.query.foldCase);
      hits = this.matchingLines(searched.text, searched.placeholders);
    } else {
      hits = this.matchingLines(this.query.foldCase ? raw.toLowerCase() : raw);
    }
    if (hits.length === 0) return;
    // Lines come from the original text; lower-casing never adds or removes a newline.
    const lines = result.matches.length < keep ? text.split('\n') : undefined;
    for (const hit of hits) {
      result.total += 1;
      if (lines && result.matches.length < keep)
        result.matches.push(this.describe(path, lines, hit));
    }
  }

  /** Reads to the end, but never more than one byte past the limit (the file may be growing). */
  private readAll(fd: number, expected: number): number {
    const cap = this.query.maxReadBytes + 1;
    let length = 0;
    for (;;) {
      if (length === this.buffer.length) {
        if (length >= cap) return length;
        const larger = Buffer.allocUnsafe(
          Math.min(cap, Math.max(this.buffer.length * 2, expected + 1)),
        );
        this.buffer.copy(larger, 0, 0, length);
        this.buffer = larger;
      }
      const read = readSync(
        fd,
        this.buffer,
        length,
        Math.min(this.buffer.length, cap) - length,
        null,
      );
      if (read === 0) return length;
      length += read;
    }
  }

  /**
   * Whether a masked view of `raw` could match: a literal found in the masked text outside
   * its placeholders is text of the file too, so a file without it needs no masking; a
   * regular expression may match only once values are placeholders (a negative lookahead),
   * so every file is masked for it.
   */
  private mayMatchMasked(raw: string): boolean {
    if (this.query.mode === 'regex') return true;
    if (this.needle) return true;
    return raw.toLowerCase().includes(this.query.pattern);
  }

  /**
   * Every line with at least one match, once, as grep reports them. A match that touches
   * one of `placeholders` (sorted ranges of `text`) is passed over for a later one on its line.
   */
  private matchingLines(text: string, placeholders: readonly TextRange[] = []): Hit[] {
    const hits: Hit[] = [];
    let line = 1;
    let lineStart = 0;
    let from = 0;
    while (from < text.length) {
      const [index, length] = this.find(text, from);
      if (index < 0) break;
      if (placeholders.length > 0 && touches(placeholders, index, index + length)) {
        from = index + 1;
        continue;
      }
      for (
        let newline = text.indexOf('\n', lineStart);
        newline !== -1 && newline < index;
        newline = text.indexOf('\n', lineStart)
      ) {
        line += 1;
        lineStart = newline + 1;
      }
      hits.push({ line, column: index - lineStart });
      const lineEnd = text.indexOf('\n', index);
      if (lineEnd === -1) break;
      from = lineEnd + 1;
      lineStart = from;
      line += 1;
    }
    return hits;
  }

  /** The next match at or after `from`: where it starts and its length, or [-1, 0]. */
  private find(text: string, from: number): [number, number] {
    if (!this.expression)
      return [text.indexOf(this.query.pattern, from), this.query.pattern.length];
    this.expression.lastIndex = from;
    const found = this.expression.exec(text);
    return found ? [found.index, found[0].length] : [-1, 0];
  }

  private describe(path: string, lines: readonly string[], hit: Hit): ContentMatch {
    const at = hit.line - 1;
    const text = this.shorten(lines[at] ?? '', hit.column);
    const { contextLines } = this.query;
    if (contextLines === 0) return { path, line: hit.line, text };
    const before = lines
      .slice(Math.max(0, at - contextLines), at)
      .map((line) => this.shorten(line, 0));
    const after = lines.slice(at + 1, at + 1 + contextLines).map((line) => this.shorten(line, 0));
    return { path, line: hit.line, text, before, after };
  }

  /** At most maxLineChars of a line, around the match, without a trailing carriage return. */
  private shorten(line: string, column: number): string {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    const max = this.query.maxLineChars;
    if (clean.length <= max) return clean;
    const start = Math.max(0, Math.min(column - Math.floor(max / 3), clean.length - max));
    return `${start > 0 ? '…' : ''}${clean.slice(start, start + max)}${start + max < clean.length ? '…' : ''}`;
  }
}

/**
 * The masked text as it is searched (lower-cased when case is folded), and where its
 * placeholders are in it. Lower-casing may change a text's length (İ becomes two code
 * units), so the parts between placeholders are folded one by one and the ranges counted.
 */
function foldedView(
  view: MaskedView,
  foldCase: boolean,
): { text: string; placeholders: TextRange[] } {
  const placeholders = view.hidden.map(({ masked }) => masked);
  if (!foldCase) return { text: view.text, placeholders };
  const folded = view.text.toLowerCase();
  if (folded.length === view.text.length) return { text: folded, placeholders };
  const parts: string[] = [];
  const ranges: TextRange[] = [];
  let copied = 0;
  let length = 0;
  for (const { start, end } of placeholders) {
    const before = view.text.slice(copied, start).toLowerCase();
    const placeholder = view.text.slice(start, end).toLowerCase();
    parts.push(before, placeholder);
    length += before.length;
    ranges.push({ start: length, end: length + placeholder.length });
    length += placeholder.length;
    copied = end;
  }
  parts.push(view.text.slice(copied).toLowerCase());
  return { text: parts.join(''), placeholders: ranges };
}

/**
 * Whether [start, end) touches one of `ranges` (sorted, apart). An empty match touches a
 * range it sits at the start of, or inside: it would confirm what follows it.
 */
function touches(ranges: readonly TextRange[], start: number, end: number): boolean {
  let low = 0;
  let high = ranges.length;
  const probe = Math.max(start, end - 1);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[middle]?.start ?? Infinity) <= probe) low = middle + 1;
    else high = middle;
  }
  const range = ranges[low - 1];
  return range !== undefined && start < range.end;
}

let search: Search | undefined;

parentPort?.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'query') {
      search = new Search(message.query);
      return;
    }
    if (!search) throw new Error('batch before query');
    const reply: FromWorker = {
      kind: 'batch',
      id: message.id,
      result: search.searchBatch(message.folders, message.keep),
    };
    parentPort?.postMessage(reply);
  } catch (error) {
    const failed: FromWorker = {
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    };
    parentPort?.postMessage(failed);
  }
});
