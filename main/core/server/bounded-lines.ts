/** A line longer than the cap: dropped unread, and reported so that it can be answered. */
export interface OversizedLine {
  /** The request's id, when the start or the end of the line names it; otherwise null. */
  readonly id: string | number | null;
  /** The line's length in bytes, without its newline. */
  readonly bytes: number;
}

const NEWLINE = 0x0a;
/** How much of each end of a dropped line is kept: enough to find the request's id there. */
const EDGE_BYTES = 512;

/**
 * Passes newline-delimited messages on whole, one or more complete lines per piece, as
 * long as each line is at most `maxLineBytes`. A longer line is dropped as it streams past,
 * keeping only its two ends, so memory stays bounded however long the line is; when it
 * ends, `onOversized` hears of it. A plain object, not a stream stage: it runs on every
 * request, and another stream hop would cost each of them more than all of this does.
 */
export class BoundedLines {
  readonly #maxLineBytes: number;
  readonly #onOversized: (line: OversizedLine) => void;
  /** The start of the current line, from earlier chunks. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Set while the current line is being dropped. */
  #dropping: { head: Buffer; tail: Buffer; bytes: number } | undefined;

  constructor(maxLineBytes: number, onOversized: (line: OversizedLine) => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onOversized = onOversized;
  }

  /** Takes one chunk of input and hands `pass` what may go on, in order. */
  feed(chunk: Buffer, pass: (piece: Buffer) => void): void {
    // The common case: whole lines that fit, nothing held. The chunk goes on as it is.
    if (
      this.#pendingBytes === 0 &&
      !this.#dropping &&
      chunk.length <= this.#maxLineBytes &&
      chunk[chunk.length - 1] === NEWLINE
    ) {
      pass(chunk);
      return;
    }
    // Complete lines that fit are passed on together, as one slice of the chunk.
    let runStart = 0;
    let lineStart = 0;
    for (
      let newline = chunk.indexOf(NEWLINE);
      newline !== -1;
      newline = chunk.indexOf(NEWLINE, lineStart)
    ) {
      const part = chunk.subarray(lineStart, newline);
      if (this.#dropping || this.#pendingBytes + part.length > this.#maxLineBytes) {
        if (lineStart > runStart) pass(chunk.subarray(runStart, lineStart));
        this.#discard(part);
        this.#endDiscardedLine();
        runStart = newline + 1;
      } else if (this.#pendingBytes > 0) {
        if (lineStart > runStart) pass(chunk.subarray(runStart, lineStart));
        pass(Buffer.concat([...this.#pending, chunk.subarray(lineStart, newline + 1)]));
        this.#pending = [];
        this.#pendingBytes = 0;
        runStart = newline + 1;
      }
      lineStart = newline + 1;
    }
    if (lineStart > runStart) pass(chunk.subarray(runStart, lineStart));
    if (lineStart < chunk.length) this.#hold(chunk.subarray(lineStart));
  }

  /** Holds the start of a line that has not ended yet, or drops it once it is too long. */
  #hold(part: Buffer): void {
    if (this.#dropping || this.#pendingBytes + part.length > this.#maxLineBytes)
      this.#discard(part);
    else {
      this.#pending.push(part);
      this.#pendingBytes += part.length;
    }
  }

  /** Counts `part` of the current line and forgets it, but for the line's two ends. */
  #discard(part: Buffer): void {
    if (!this.#dropping) {
      // The line just outgrew the cap: what was held of it is dropped too, ends kept.
      const pieces = [...this.#pending, part];
      const total = this.#pendingBytes + part.length;
      this.#dropping = {
        head: Buffer.concat(pieces, Math.min(EDGE_BYTES, total)),
        tail: Buffer.alloc(0),
        bytes: 0,
      };
      this.#pending = [];
      this.#pendingBytes = 0;
      for (const piece of pieces) this.#discard(piece);
      return;
    }
    this.#dropping.bytes += part.length;
    this.#dropping.tail =
      part.length >= EDGE_BYTES
        ? Buffer.from(part.subarray(part.length - EDGE_BYTES))
        : Buffer.concat([this.#dropping.tail, part]).subarray(-EDGE_BYTES);
  }

  #endDiscardedLine(): void {
    const discarded = this.#dropping;
    this.#dropping = undefined;
    if (discarded)
      this.#onOversized({
        id: requestIdAtEdges(discarded.head, discarded.tail),
        bytes: discarded.bytes,
      });
  }
}

// A JSON-RPC id: a number, or a short string (escapes allowed).
const ID = String.raw`(-?\d{1,16}|"(?:[^"\\]|\\.){0,128}")`;
/** `{"jsonrpc":"2.0","id":…` or `{"id":…`: the id first, as many clients write it. */
const ID_FIRST = new RegExp(
  String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID}`,
);
/** `…,"jsonrpc":"2.0","id":…}` or `…,"id":…}`: the id last, as the MCP SDKs write it. */
const ID_LAST = new RegExp(
  String.raw`[,{]\s*"id"\s*:\s*${ID}\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$`,
);

/**
 * The id of a request too long to parse, read from its first and last bytes, so that the
 * error answers the right call; null (JSON-RPC's "unknown") when neither end names it.
 * Inside a JSON string every quote is escaped, so an unescaped `"id"` right after `{` or
 * `,` at either end of a well-formed line is the top-level member.
 */
export function requestIdAtEdges(head: Buffer, tail: Buffer): string | number | null {
  const found =
    ID_FIRST.exec(head.toString('utf8'))?.[1] ?? ID_LAST.exec(tail.toString('utf8'))?.[1];
  if (found === undefined) return null;
  try {
    return JSON.parse(found) as string | number;
  } catch {
    return null;
  }
}
