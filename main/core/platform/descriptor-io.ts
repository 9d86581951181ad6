import { read, statSync } from 'node:fs';

/**
 * One positioned read on a plain descriptor, as a promise: fs callbacks on a number cost
 * less than a FileHandle, which the audit scans and the hot read path avoid. Resolves the
 * number of bytes read (0 at the end of the file).
 */
export function readDescriptor(
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, length, position, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    );
  });
}

/** Which file is at `file` now and how long it is, or undefined when nothing is there. */
export function fileIdentity(file: string): { ino: number; size: number } | undefined {
  try {
    const stats = statSync(file);
    return { ino: stats.ino, size: stats.size };
  } catch {
    return undefined;
  }
}

/** What a positioned reader needs of an open file: a FileHandle has it, and so does a buffer. */
export interface PositionedReader {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
}

/** Up to `length` bytes from `position`; fewer at the end of the file. */
export async function readAt(
  file: PositionedReader,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, await readInto(file, buffer, 0, position));
}

/** Fills `buffer` from `offset` with the file's bytes from `position`; fewer at the end of the file. */
export async function readInto(
  file: PositionedReader,
  buffer: Buffer,
  offset: number,
  position: number,
): Promise<number> {
  let filled = 0;
  while (offset + filled < buffer.length) {
    const { bytesRead } = await file.read(
      buffer,
      offset + filled,
      buffer.length - offset - filled,
      position + filled,
    );
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * The whole file, read to its end rather than to the size fstat gave (it may be growing),
 * but never more than `maxBytes + 1` bytes: a result longer than `maxBytes` means "too long".
 * `sizeHint` (fstat's size) lets a file that is not growing be read into one buffer.
 */
export async function readToEnd(
  file: PositionedReader,
  maxBytes: number,
  sizeHint: number,
): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.min(maxBytes, sizeHint) + 1);
  let length = 0;
  for (;;) {
    length += await readInto(file, buffer, length, length);
    if (length < buffer.length || length > maxBytes) return buffer.subarray(0, length);
    const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
    buffer.copy(larger, 0, 0, length);
    buffer = larger;
  }
}

/** Bytes in memory read as if they were a file, so the line readers work the same on them. */
export function bufferReader(bytes: Buffer): PositionedReader {
  return {
    read: async (buffer, offset, length, position) => {
      if (position >= bytes.length) return { bytesRead: 0 };
      const end = Math.min(bytes.length, position + length);
      return { bytesRead: bytes.copy(buffer, offset, position, end) };
    },
  };
}
