/**
 * The index proper: one typed array per field, one slot per record ("row"), rows in log
 * order (oldest first). Strings are dictionary ids; a record's paths are a run of ids in
 * `pathIds` from pathStart[row] to pathStart[row + 1]. Where the record's line lives is
 * kept too (file, byte offset, byte length), so a page is read back from disk.
 */
export const MEMORY_FILE = 0xffff;

type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array;

export class RowColumns {
  length = 0;
  seq: Float64Array;
  /** Epoch ms; NaN when the record's ts is unreadable. */
  ts: Float64Array;
  outcome: Uint8Array;
  event: Uint16Array;
  transport: Uint16Array;
  client: Uint32Array;
  tool: Uint32Array;
  workspace: Uint32Array;
  reason: Uint32Array;
  /** length + 1 entries: the paths of row r are pathIds[pathStart[r] .. pathStart[r + 1]). */
  pathStart: Uint32Array;
  pathIds: Uint32Array;
  pathCount = 0;
  /** File id of the line, or MEMORY_FILE for a live record held as text. */
  file: Uint16Array;
  /** Byte offset in the file, or the index of the held text. */
  offset: Float64Array;
  byteLength: Uint32Array;

  constructor(capacity = 1024) {
    this.seq = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.event = new Uint16Array(capacity);
    this.transport = new Uint16Array(capacity);
    this.client = new Uint32Array(capacity);
    this.tool = new Uint32Array(capacity);
    this.workspace = new Uint32Array(capacity);
    this.reason = new Uint32Array(capacity);
    this.pathStart = new Uint32Array(capacity + 1);
    this.pathIds = new Uint32Array(capacity);
    this.file = new Uint16Array(capacity);
    this.offset = new Float64Array(capacity);
    this.byteLength = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.seq.length;
  }

  /** Makes room for one more row and `paths` more path ids. */
  reserve(paths: number): void {
    if (this.length === this.capacity) this.#resize(Math.max(1024, Math.ceil(this.capacity * 1.5)));
    if (this.pathCount + paths > this.pathIds.length) {
      this.pathIds = copy(
        this.pathIds,
        new Uint32Array(Math.max(this.pathCount + paths, Math.ceil(this.pathIds.length * 1.5))),
      );
    }
  }

  /** Gives back the spare capacity (after a build, when no more bulk growth is expected). */
  trim(spare = 0): void {
    this.#resize(this.length + spare);
    this.pathIds = copy(this.pathIds, new Uint32Array(this.pathCount + spare));
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    const columns: Column[] = [
      this.seq,
      this.ts,
      this.outcome,
      this.event,
      this.transport,
      this.client,
      this.tool,
      this.workspace,
      this.reason,
      this.pathStart,
      this.pathIds,
      this.file,
      this.offset,
      this.byteLength,
    ];
    return columns.reduce((sum, column) => sum + column.byteLength, 0);
  }

  #resize(capacity: number): void {
    this.seq = copy(this.seq, new Float64Array(capacity));
    this.ts = copy(this.ts, new Float64Array(capacity));
    this.outcome = copy(this.outcome, new Uint8Array(capacity));
    this.event = copy(this.event, new Uint16Array(capacity));
    this.transport = copy(this.transport, new Uint16Array(capacity));
    this.client = copy(this.client, new Uint32Array(capacity));
    this.tool = copy(this.tool, new Uint32Array(capacity));
    this.workspace = copy(this.workspace, new Uint32Array(capacity));
    this.reason = copy(this.reason, new Uint32Array(capacity));
    this.pathStart = copy(this.pathStart, new Uint32Array(capacity + 1));
    this.file = copy(this.file, new Uint16Array(capacity));
    this.offset = copy(this.offset, new Float64Array(capacity));
    this.byteLength = copy(this.byteLength, new Uint32Array(capacity));
  }
}

function copy<T extends Column>(from: T, to: T): T {
  const kept: ArrayLike<number> = from.subarray(0, Math.min(from.length, to.length));
  to.set(kept);
  return to;
}
