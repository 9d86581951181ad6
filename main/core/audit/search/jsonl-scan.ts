import { readDescriptor } from '../../platform/descriptor-io.ts';

/**
 * Streams a JSONL file through one reusable buffer and hands each complete line to `line`
 * as a byte range with its file offset, so a record can later be read back with one
 * positioned read. Bytes after the last newline are a torn line (an interrupted write) and
 * are reported, not delivered. A line longer than `maxLineBytes` is skipped and counted.
 */
export interface LineSink {
  /** bytes[start, end) is the line without its newline; `offset` is where it starts in the file. */
  line(bytes: Buffer, start: number, end: number, offset: number): void;
}

export interface ScanResult {
  /** Bytes read. */
  readonly bytes: number;
  /** Non-blank bytes after the last newline. */
  readonly tornBytes: number;
  readonly oversizedLines: number;
}

export interface ScanOptions {
  readonly chunkBytes?: number;
  readonly maxLineBytes?: number;
}

const NEWLINE = 0x0a;

export async function scanLines(
  fd: number,
  sink: LineSink,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  let buffer = Buffer.allocUnsafe(options.chunkBytes ?? 4 * 1024 * 1024);
  let filled = 0;
  /** File offset of buffer[0]. */
  let base = 0;
  let position = 0;
  let skipping = false;
  let oversizedLines = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (buffer.length >= maxLineBytes) {
        // One line fills the whole buffer: drop it and skip to its newline.
        if (!skipping) oversizedLines++;
        skipping = true;
        base += filled;
        filled = 0;
      } else {
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxLineBytes));
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
    }
    const count = await readDescriptor(fd, buffer, filled, buffer.length - filled, position);
    if (count === 0) break;
    const scanFrom = filled;
    filled += count;
    position += count;
    const view = buffer.subarray(0, filled);
    let start = 0;
    let newline = view.indexOf(NEWLINE, scanFrom);
    while (newline !== -1) {
      if (skipping) skipping = false;
      else if (newline > start) sink.line(buffer, start, newline, base + start);
      start = newline + 1;
      newline = view.indexOf(NEWLINE, start);
    }
    if (start > 0) {
      buffer.copy(buffer, 0, start, filled);
      base += start;
      filled -= start;
    }
  }
  const tornBytes = skipping || isBlank(buffer, filled) ? 0 : filled;
  return { bytes: position, tornBytes, oversizedLines };
}

function isBlank(buffer: Buffer, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const byte = buffer[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
