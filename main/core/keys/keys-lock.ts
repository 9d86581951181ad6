import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { acquireFileLock, FileLockedError } from '../platform/file-lock.ts';
import { KeysError } from './keys-error.ts';
import { KEYS_FILE_NAME } from './key-metadata.ts';

/** Long enough for a person to answer a keychain prompt while another command waits. */
const WAIT_MS = 30_000;

/** Changes queued in this process, per data dir; the file lock only sees other processes. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Runs one change to the key list while no other change runs, so two commands at once
 * cannot lose each other's keys. Across processes the lock is the one the audit log uses
 * (a link naming the owner's pid, taken over when that process is gone). Within a process
 * changes queue first: the file lock waits synchronously and would block its own holder.
 */
export function withKeysLock<T>(dataDir: string, change: () => Promise<T>): Promise<T> {
  const previous = queues.get(dataDir) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => underFileLock(dataDir, change));
  const settled = run.catch(() => undefined);
  queues.set(dataDir, settled);
  void settled.then(() => {
    if (queues.get(dataDir) === settled) queues.delete(dataDir);
  });
  return run;
}

async function underFileLock<T>(dataDir: string, change: () => Promise<T>): Promise<T> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dataDir, `${KEYS_FILE_NAME}.lock`);
  let lock;
  try {
    lock = acquireFileLock(lockFile, WAIT_MS);
  } catch (error) {
    if (error instanceof FileLockedError) {
      throw new KeysError(
        'busy',
        'Another Airlock command is changing the keys right now. Wait for it to finish, then try again.',
      );
    }
    throw error;
  }
  try {
    return await change();
  } finally {
    lock.release();
  }
}
