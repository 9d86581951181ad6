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
