import { openSync } from 'node:fs';
import type { AuditRecord } from '../audit-record.ts';
import {
  AuditQueryError,
  normalizeQuery,
  type AuditPage,
  type AuditQuery,
  type NormalizedQuery,
} from './audit-query.ts';
import { DictionarySearch } from './dictionary-search.ts';
import { scanLines } from './jsonl-scan.ts';
import { isUnder } from './path-prefix.ts';
import { decodeCursor, encodeCursor } from './query-cursor.ts';
import {
  indexedFields,
  OUTCOME_CODES,
  pathStrings,
  timestampMs,
  type IndexedFields,
} from './record-fields.ts';
import { recordPredicate } from './record-predicate.ts';
import { RecordStore, type RecordLocation } from './record-store.ts';
import { MEMORY_FILE, RowColumns } from './row-columns.ts';
import { RowMatcher, type TermMasks } from './row-matcher.ts';
import { StringDictionary } from './string-dictionary.ts';

export type { RecordLocation } from './record-store.ts';

export type AuditListener = (record: AuditRecord) => void;

export interface AuditIndexOptions {
  /** Called when a live-tail listener throws; by default a process warning is emitted. */
  onListenerError?: (error: unknown) => void;
}

/** Lines of the log files that are not in the index, by cause. */
export interface SkippedLines {
  /** Bytes after a file's last newline: a write that never finished. */
  torn: number;
  /** Not JSON. */
  unparsable: number;
  /** JSON, but without a usable seq, ts, event or outcome. */
  invalid: number;
  /** Longer than 16 MiB. */
  oversized: number;
}

export interface AuditIndexStats {
  records: number;
  files: number;
  /** Live records held as text because they were appended without a location. */
  heldRecords: number;
  skipped: SkippedLines;
  /** Bytes of the typed-array columns (dictionaries and held text come on top). */
  columnBytes: number;
  distinctPaths: number;
}

export type ScanOrder = 'newest-first' | 'oldest-first';

/** A returned record's line no longer says what the index holds: the files changed under it. */
export class AuditIndexStaleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditIndexStaleError';
  }
}

interface Subscription {
  readonly test: (record: unknown) => boolean;
  readonly listener: AuditListener;
}

/**
 * The search index behind the activity viewer and `airlock audit search`: an in-memory,
 * columnar view of the JSONL audit files, always rebuildable from them.
 *
 * - Rows are records in log order; each field is a typed-array column, strings are
 *   dictionary-encoded, and full text is searched over the distinct values only (paths,
 *   reasons, tools, clients repeat a lot), then matched to rows by id.
 * - A query scans the rows of its time range once, newest first, counting every match (so
 *   `totalMatched` is exact) and keeping one page. Pages read their lines back from disk.
 * - `append` adds a live record and pushes it to the subscriptions whose filter it matches.
 */
export class AuditIndex {
  readonly #rows = new RowColumns();
  readonly #store = new RecordStore();
  readonly #client = new StringDictionary();
  readonly #tool = new StringDictionary();
  readonly #workspace = new StringDictionary();
  readonly #event = new StringDictionary();
  readonly #transport = new StringDictionary();
  readonly #reason = new StringDictionary();
  readonly #path = new StringDictionary();
  readonly #clientSearch = new DictionarySearch(this.#client);
  readonly #toolSearch = new DictionarySearch(this.#tool);
  readonly #reasonSearch = new DictionarySearch(this.#reason);
  readonly #pathSearch = new DictionarySearch(this.#path);
  readonly #subscriptions = new Set<Subscription>();
  readonly #onListenerError: (error: unknown) => void;
  readonly #skipped: SkippedLines = { torn: 0, unparsable: 0, invalid: 0, oversized: 0 };
  #lastSeq = 0;
  #lastTs = -Infinity;
  /** Every seq is above the one before: a cursor can be placed by seq. */
  #seqIncreasing = true;
  /** ts never goes back (and is always readable): a time range is two binary searches. */
  #tsSorted = true;

  private constructor(options: AuditIndexOptions) {
    this.#onListenerError = options.onListenerError ?? warnListenerError;
  }

  /** An empty index, for a log with no files yet. */
  static empty(options: AuditIndexOptions = {}): AuditIndex {
    return new AuditIndex(options);
  }

  /**
   * Reads the log files (oldest first, the current file last) into an index. Files that do
   * not exist are skipped; unreadable lines are skipped and counted in `stats.skipped`.
   */
  static async build(
    files: readonly string[],
    options: AuditIndexOptions = {},
  ): Promise<AuditIndex> {
    const index = new AuditIndex(options);
    try {
      for (const file of files) await index.#load(file);
    } catch (error) {
      index.close();
      throw error;
    }
    index.#rows.trim(1024);
    return index;
  }

  get size(): number {
    return this.#rows.length;
  }

  /** The highest seq indexed; 0 when empty. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get stats(): AuditIndexStats {
    return {
      records: this.#rows.length,
      files: this.#store.fileCount,
      heldRecords: this.#store.heldCount,
      skipped: { ...this.#skipped },
      columnBytes: this.#rows.bytes,
      distinctPaths: this.#path.size - 1,
    };
  }

  /**
   * Adds a live record, as the writer has just written it, and pushes it to matching
   * subscriptions. With `location` (where the writer put the line) the index reads it back
   * from disk like any other; without, it keeps the record's JSON text in memory until the
   * next rebuild. The writer must report a location before it rotates that file away.
   * Returns false, and does nothing, for a seq not above the last one indexed: a record
   * already read from the files during the build.
   */
  append(record: AuditRecord, location?: RecordLocation): boolean {
    const fields = indexedFields(record);
    if (fields === undefined)
      throw new TypeError('Not an audit record: seq, ts, event or outcome is missing.');
    if (fields.seq <= this.#lastSeq) return false;
    if (location === undefined) {
      this.#addRow(fields, MEMORY_FILE, this.#store.hold(JSON.stringify(record)), 0);
    } else {
      this.#addRow(fields, this.#store.fileFor(location), location.offset, location.length);
    }
    for (const subscription of this.#subscriptions) {
      if (!subscription.test(record)) continue;
      try {
        subscription.listener(record);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
    return true;
  }

  /**
   * One page of matching records, newest first, with the exact number of matches and a
   * cursor for the next page; `offset` skips that many matches below the cursor first.
   * Throws AuditQueryError for a malformed query or cursor.
   */
  query(query: AuditQuery): AuditPage {
    const normalized = normalizeQuery(query);
    const start =
      normalized.cursor === undefined ? this.#rows.length : this.#cursorStart(normalized.cursor);
    const matcher = this.#compile(normalized);
    if (matcher === null) return { records: [], totalMatched: 0, scanned: 0 };
    const { low, high } = matcher.filter;
    const limit = normalized.limit;
    const page: number[] = [];
    let total = 0;
    let skip = normalized.offset;
    for (let row = high - 1; row >= low; row--) {
      if (!matcher.matches(row)) continue;
      total++;
      if (row >= start || page.length > limit) continue;
      if (skip > 0) skip--;
      else page.push(row);
    }
    const more = page.length > limit;
    if (more) page.pop();
    const records = page.map((row) => this.#read(row).record);
    const last = page.at(-1);
    return {
      records,
      ...(more && last !== undefined
        ? { nextCursor: encodeCursor({ row: last, seq: this.#rows.seq[last] as number }) }
        : {}),
      totalMatched: total,
      scanned: Math.max(0, high - low),
    };
  }

  /**
   * Every matching record (limit and cursor are ignored), for export. Rows appended while
   * the scan runs are not included.
   */
  *scan(query: AuditQuery, order: ScanOrder = 'newest-first'): Generator<AuditRecord> {
    for (const row of this.#matchingRows(query, order)) yield this.#read(row).record;
  }

  /**
   * Like scan, but each record's line as stored, so an export keeps the exact bytes. With
   * `beforeSeq`, only records whose seq is below it: the viewer's list, pinned below the
   * newest record its first page saw, exported as it is shown.
   */
  *scanLines(
    query: AuditQuery,
    order: ScanOrder = 'newest-first',
    beforeSeq?: number,
  ): Generator<string> {
    for (const row of this.#matchingRows(query, order)) {
      if (beforeSeq === undefined || (this.#rows.seq[row] as number) < beforeSeq)
        yield this.#read(row).line;
    }
  }

  /**
   * Live tail: `listener` gets each appended record that matches `query` (limit and cursor
   * do not apply). Returns the function that ends the subscription.
   */
  subscribe(query: AuditQuery, listener: AuditListener): () => void;
  subscribe(listener: AuditListener): () => void;
  subscribe(
    queryOrListener: AuditQuery | AuditListener,
    maybeListener?: AuditListener,
  ): () => void {
    const listener = typeof queryOrListener === 'function' ? queryOrListener : maybeListener;
    if (listener === undefined) throw new TypeError('subscribe needs a listener.');
    const query = typeof queryOrListener === 'function' ? {} : queryOrListener;
    const subscription: Subscription = { test: recordPredicate(normalizeQuery(query)), listener };
    this.#subscriptions.add(subscription);
    return () => {
      this.#subscriptions.delete(subscription);
    };
  }

  /** The distinct values seen, sorted, for the viewer's filter menus. */
  facets(): {
    tools: string[];
    clients: string[];
    workspaces: string[];
    events: string[];
    transports: string[];
  } {
    const sorted = (dictionary: StringDictionary): string[] => dictionary.values().sort();
    return {
      tools: sorted(this.#tool),
      clients: sorted(this.#client),
      workspaces: sorted(this.#workspace),
      events: sorted(this.#event),
      transports: sorted(this.#transport),
    };
  }

  /** Closes the log files. The index must not be queried afterwards. */
  close(): void {
    this.#store.close();
    this.#subscriptions.clear();
  }

  async #load(file: string): Promise<void> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const fileId = this.#store.addFile(file, fd);
    const result = await scanLines(fd, {
      line: (bytes, start, end, offset) => {
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8', start, end));
        } catch {
          this.#skipped.unparsable++;
          return;
        }
        const fields = indexedFields(json);
        if (fields === undefined) this.#skipped.invalid++;
        else this.#addRow(fields, fileId, offset, end - start);
      },
    });
    this.#store.readTo(fileId, result.bytes - result.tornBytes);
    if (result.tornBytes > 0) this.#skipped.torn++;
    this.#skipped.oversized += result.oversizedLines;
  }

  #addRow(fields: IndexedFields, file: number, offset: number, length: number): void {
    const paths = pathStrings(fields.paths);
    const rows = this.#rows;
    rows.reserve(paths.length);
    const row = rows.length;
    const ts = timestampMs(fields.ts);
    if (fields.seq <= this.#lastSeq) this.#seqIncreasing = false;
    if (!(ts >= this.#lastTs)) this.#tsSorted = false;
    this.#lastSeq = Math.max(this.#lastSeq, fields.seq);
    this.#lastTs = ts;
    rows.seq[row] = fields.seq;
    rows.ts[row] = ts;
    rows.outcome[row] = OUTCOME_CODES[fields.outcome];
    rows.event[row] = this.#event.intern(fields.event);
    rows.transport[row] = this.#transport.intern(fields.transport);
    rows.client[row] = this.#client.intern(fields.client);
    rows.tool[row] = this.#tool.intern(fields.tool);
    rows.workspace[row] = this.#workspace.intern(fields.workspace);
    rows.reason[row] = this.#reason.intern(fields.reason);
    let next = rows.pathCount;
    for (const path of paths) rows.pathIds[next++] = this.#path.intern(path);
    rows.pathCount = next;
    rows.pathStart[row + 1] = next;
    rows.file[row] = file;
    rows.offset[row] = offset;
    rows.byteLength[row] = length;
    rows.length = row + 1;
  }

  /** The query against the dictionaries, or null when it cannot match anything. */
  #compile(query: NormalizedQuery): RowMatcher | null {
    const exact = (dictionary: StringDictionary, value: string | undefined): number | null =>
      value === undefined ? -1 : (dictionary.idOf(value) ?? null);
    const tool = exact(this.#tool, query.tool);
    const client = exact(this.#client, query.client);
    const workspace = exact(this.#workspace, query.workspace);
    const event = exact(this.#event, query.event);
    const transport = exact(this.#transport, query.transport);
    if (
      tool === null ||
      client === null ||
      workspace === null ||
      event === null ||
      transport === null
    )
      return null;

    let pathMask: Uint8Array | null = null;
    const prefix = query.pathPrefix;
    if (prefix !== undefined) {
      pathMask = new Uint8Array(this.#path.size);
      let hits = 0;
      for (let id = 1; id < pathMask.length; id++) {
        if (isUnder(this.#path.valueOf(id) as string, prefix)) {
          pathMask[id] = 1;
          hits++;
        }
      }
      if (hits === 0) return null;
    }

    const terms: TermMasks[] = [];
    for (const term of query.terms) {
      const masks: TermMasks = {
        tool: this.#toolSearch.containing(term),
        client: this.#clientSearch.containing(term),
        reason: this.#reasonSearch.containing(term),
        path: this.#pathSearch.containing(term),
      };
      if (
        masks.tool === null &&
        masks.client === null &&
        masks.reason === null &&
        masks.path === null
      )
        return null;
      terms.push(masks);
    }

    const timed = query.since !== -Infinity || query.until !== Infinity;
    let low = 0;
    let high = this.#rows.length;
    if (timed && this.#tsSorted) {
      low = this.#firstTsAtLeast(query.since);
      high = this.#firstTsAtLeast(query.until);
    }
    return new RowMatcher(this.#rows, {
      low,
      high,
      outcome: query.outcome === undefined ? -1 : OUTCOME_CODES[query.outcome],
      event,
      transport,
      tool,
      client,
      workspace,
      checkTime: timed && !this.#tsSorted,
      since: query.since,
      until: query.until,
      pathMask,
      terms,
    });
  }

  *#matchingRows(query: AuditQuery, order: ScanOrder): Generator<number> {
    const matcher = this.#compile(normalizeQuery({ ...query, cursor: undefined }));
    if (matcher === null) return;
    const { low, high } = matcher.filter;
    if (order === 'oldest-first') {
      for (let row = low; row < high; row++) if (matcher.matches(row)) yield row;
    } else {
      for (let row = high - 1; row >= low; row--) if (matcher.matches(row)) yield row;
    }
  }

  /** First row whose ts is >= `ms` (ts sorted). */
  #firstTsAtLeast(ms: number): number {
    const ts = this.#rows.ts;
    let low = 0;
    let high = this.#rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((ts[middle] as number) < ms) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The row the next page starts below, from a cursor. */
  #cursorStart(cursor: string): number {
    const { row, seq } = decodeCursor(cursor);
    const rows = this.#rows;
    if (row < rows.length && rows.seq[row] === seq) return row;
    if (!this.#seqIncreasing)
      throw new AuditQueryError('cursor', 'This page cursor belongs to an older index.');
    // The index was rebuilt: continue below the first row at or above that seq.
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((rows.seq[middle] as number) < seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #read(row: number): { line: string; record: AuditRecord } {
    const rows = this.#rows;
    const file = rows.file[row] as number;
    const offset = rows.offset[row] as number;
    const line =
      file === MEMORY_FILE
        ? this.#store.held(offset)
        : this.#store.readLine(file, offset, rows.byteLength[row] as number);
    let record: AuditRecord | undefined;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch {
      record = undefined;
    }
    const seq = rows.seq[row] as number;
    if (record === undefined || record.seq !== seq) {
      throw new AuditIndexStaleError(
        `The audit files changed since they were indexed (record ${seq}); rebuild the index.`,
      );
    }
    return { line, record };
  }
}

function warnListenerError(error: unknown): void {
  process.emitWarning(
    `An audit live-tail listener failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}
