import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { notARegularFile } from './special-file.ts';
import { VERIFIED_OPEN_FLAGS } from './verified-open.ts';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
// The verified open's flags for a file: no link followed, and non-blocking, since a blocking
// open of a pipe would wait for a writer that never comes.
const READ_FLAGS = VERIFIED_OPEN_FLAGS.file;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;
const CHUNK = 1024 * 1024;

/**
 * Copies the regular file at `from` to `to`, which must not exist yet (EEXIST otherwise),
 * with its mode.
 * fs.copyFile opens its source with a blocking open, so a file swapped for a pipe after the
 * caller's check would hold a thread-pool thread for good; here the source is opened
 * without blocking and must prove to be a regular file before a byte is read.
 */
export async function copyRegularFileExclusive(from: string, to: string): Promise<void> {
  const source = await open(from, READ_FLAGS).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENXIO' || error.code === 'EOPNOTSUPP' ? notARegularFile() : error;
  });
  try {
    const stats = await source.stat();
    if (!stats.isFile()) throw notARegularFile(stats);
    const mode = stats.mode & 0o7777;
    // Fails with EEXIST when anything is at `to`: the copy never replaces.
    const target = await open(to, CREATE_NEW, mode);
    try {
      await copyContent(source, target);
      // The umask narrows the create mode; the copy keeps the original's exactly.
      await target.chmod(mode);
    } catch (error) {
      await target.close();
      await unlink(to).catch(() => undefined);
      throw error;
    }
    await target.close();
  } finally {
    await source.close();
  }
}

async function copyContent(source: FileHandle, target: FileHandle): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let position = 0; ;) {
    const { bytesRead } = await source.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) return;
    for (let written = 0; written < bytesRead;) {
      const { bytesWritten } = await target.write(
        buffer,
        written,
        bytesRead - written,
        position + written,
      );
      written += bytesWritten;
    }
    position += bytesRead;
  }
}
