import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pooledHistoryIo, type HistoryIo } from './history-io.ts';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Creates `file` (0600, failing with EEXIST when the name is taken) with `text`, and
 * returns once both the text and the folder's new entry are on the disk. Written in place:
 * a crash midway can leave a torn file, but this is for a change's first record, written
 * again from the record log when a crash cut it short (recover-pending.ts).
 */
export async function createDurably(
  file: string,
  text: string,
  io: HistoryIo = pooledHistoryIo,
): Promise<void> {
  const fd = await io.createWith(file, text);
  try {
    await io.flush(fd);
  } catch (error) {
    await io.close(fd).catch(() => undefined);
    await io.unlink(file).catch(() => undefined);
    throw error;
  }
  await io.close(fd);
  await syncFolder(path.dirname(file), io);
}

/**
 * Appends `text` to `file`, which exists. `flush` waits for it to reach the disk. An append
 * never rewrites what is there: a crash can tear only the text appended.
 */
export async function appendDurably(
  file: string,
  text: string,
  options: { readonly flush: boolean },
  io: HistoryIo = pooledHistoryIo,
): Promise<void> {
  if (!options.flush) return io.append(file, text);
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | NO_FOLLOW);
  try {
    await handle.write(text);
    if (options.flush) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries, so a file just created, linked or renamed in it survives a
 * crash. Windows cannot open a folder this way, and its file system orders the entries itself.
 */
export async function syncFolder(folder: string, io: HistoryIo = pooledHistoryIo): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await io.flushAll(handle.fd);
  } finally {
    await handle.close();
  }
}
