import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Limits } from '../policy/limits.ts';
import { BoundedLines, type OversizedLine } from './bounded-lines.ts';

/** JSON-RPC's "Invalid Request": the server will not take the message as sent. */
const INVALID_REQUEST = -32600;
const MiB = 1024 * 1024;
/** Room for everything in a request besides its file content: path, edits' other fields, envelope. */
const ENVELOPE_BYTES = MiB;

/**
 * The longest request line Airlock takes. The largest legal request is an edit_file that
 * names a whole file as its old text (up to the read limit) and new text up to the write
 * limit, or a write_file of the write limit; JSON escaping can make each byte of that text
 * six (a control character becomes \u00XX), hence 6 x (read + write) and the envelope.
 * 49 MiB with the default limits, 769 MiB with the largest the settings allow; anything
 * longer could only be refused by the tool after all of it was held and parsed.
 */
export function maxRequestBytes(limits: Limits): number {
  return 6 * (limits.maxReadBytes + limits.maxWriteBytes) + ENVELOPE_BYTES;
}

export interface BoundedStdioOptions {
  readonly limits: Limits;
  /** Hears of every request refused for its size (for the diagnostics log). */
  readonly onOversized?: (line: OversizedLine, maxBytes: number) => void;
}

/**
 * The SDK's stdio transport, with a BoundedLines stage between the input and it. The SDK's
 * own reader holds a whole line and, past its buffer (10 MiB by default), closes the
 * transport, which ends the session and, over real stdio, the process. Here a line over
 * maxRequestBytes is dropped as it streams past and answered with a JSON-RPC error on the
 * same output, and the connection goes on. The SDK's buffer is raised above the cap: the
 * stage passes only whole lines of at most that length.
 */
export class BoundedStdioTransport extends StdioServerTransport {
  readonly #input: Readable;
  readonly #lines: BoundedLines;

  constructor(input: Readable, output: Writable, options: BoundedStdioOptions) {
    const maxBytes = maxRequestBytes(options.limits);
    const lines = new BoundedLines(maxBytes, (line) => {
      options.onOversized?.(line, maxBytes);
      // One write of one whole line, as the SDK writes each message, so answers never interleave.
      if (output.writable)
        output.write(oversizedAnswer(line, maxBytes, options.limits.maxWriteBytes));
    });
    super(lines, output, { maxBufferSize: maxBytes + ENVELOPE_BYTES });
    this.#input = input;
    this.#lines = lines;
  }

  override start(): Promise<void> {
    // The SDK listens to the stage before the input flows into it, both before anything
    // can be read: serveConnection resumes its socket right after serveStdio starts this.
    const started = super.start();
    const input = this.#input;
    const lines = this.#lines;
    input.pipe(lines);
    // pipe() passes on an end, not an error or a close without one; the SDK transport
    // reports the first and closes on the second, as it did on the input itself.
    input.once('error', (error) => lines.destroy(error));
    input.once('close', () => {
      if (!lines.writableEnded && !lines.destroyed) lines.end();
    });
    return started;
  }

  override async close(): Promise<void> {
    // As the SDK does for its input: stop reading, so a finished session lets the process exit.
    this.#input.unpipe(this.#lines);
    if (this.#input.listenerCount('data') === 0) this.#input.pause();
    await super.close();
  }
}

/** The JSON-RPC error for a line too long to take, written in the SDK's framing. */
function oversizedAnswer(line: OversizedLine, maxBytes: number, maxWriteBytes: number): string {
  const answer = {
    jsonrpc: '2.0',
    id: line.id,
    error: {
      code: INVALID_REQUEST,
      message: `This request is ${formatMiB(line.bytes)}, larger than Airlock accepts in one message (${formatMiB(maxBytes)}). write_file and edit_file take at most ${formatMiB(maxWriteBytes)} of content per call.`,
    },
  };
  return `${JSON.stringify(answer)}\n`;
}

function formatMiB(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
