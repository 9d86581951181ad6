import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Creates `file` (0600, failing with EEXIST when the name is taken) with `text`, and
 * returns once both the text and the folder's new entry are on the disk. Written in place:
 * a crash midway can leave a torn file, but this is for a change's first record, written
 * before the change, so a torn one stands for a change never made, and reads as no record.
 */
export async function createDurably(file: string, text: string): Promise<void> {
  await (
    await createThenFlush(file, text)
  ).flushed;
}

/**
 * As createDurably, in two steps: returns once `file` is created with `text` (readable by
 * others at once), with `flushed`, which settles once both reach the disk. Should the
 * flush fail, the file is removed again before `flushed` rejects.
 */
export async function createThenFlush(
  file: string,
  text: string,
): Promise<{ readonly flushed: Promise<void> }> {
  const handle = await open(file, 'wx', 0o600);
  const removed = async (error: unknown): Promise<never> => {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw error;
  };
  try {
    await handle.writeFile(text, 'utf8');
  } catch (error) {
    return removed(error);
  }
  const flush = async (): Promise<void> => {
    try {
      await handle.sync();
    } catch (error) {
      return removed(error);
    }
    await handle.close();
    await syncFolder(path.dirname(file));
  };
  return { flushed: flush() };
}

/**
 * Appends `text` to `file`, which exists. `flush` waits for it to reach the disk. An append
 * never rewrites what is there: a crash can tear only the text appended.
 */
export async function appendDurably(
  file: string,
  text: string,
  options: { readonly flush: boolean },
): Promise<void> {
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
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
