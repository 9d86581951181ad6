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
 * The SDK's stdio transport, with BoundedLines in front of its reader. The SDK's own reader
 * holds a whole line and, past its buffer (10 MiB by default), closes the transport, which
 * ends the session and, over real stdio, the process. Here a line over maxRequestBytes is
 * dropped as it streams past and answered with a JSON-RPC error on the same output, and the
 * connection goes on. The SDK's buffer is raised above the cap: it is handed only whole
 * lines of at most that length. Its input handling (end, close, errors) stays its own.
 */
export class BoundedStdioTransport extends StdioServerTransport {
  constructor(input: Readable, output: Writable, options: BoundedStdioOptions) {
    const maxBytes = maxRequestBytes(options.limits);
    super(input, output, { maxBufferSize: maxBytes + ENVELOPE_BYTES });
    const lines = new BoundedLines(maxBytes, (line) => {
      options.onOversized?.(line, maxBytes);
      // One write of one whole line, as the SDK writes each message, so answers never interleave.
      if (output.writable)
        output.write(oversizedAnswer(line, maxBytes, options.limits.maxWriteBytes));
    });
    // The SDK listens with this handler from start() and removes it in close().
    const sdkReader = this._ondata;
    this._ondata = (chunk: Buffer) => lines.feed(chunk, sdkReader);
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
