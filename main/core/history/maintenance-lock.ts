import path from 'node:path';
import { acquireFileLock, FileLockedError } from '../platform/file-lock.ts';

/**
 * Runs `work` holding history's maintenance lock, or gives undefined at once when another
 * Airlock process holds it: that process is resolving crashed changes or pruning, and two
 * doing it together would each remove what the other is still judging.
 */
export async function withMaintenanceLock<Result>(
  historyRoot: string,
  work: () => Promise<Result>,
): Promise<Result | undefined> {
  let lock;
  try {
    lock = acquireFileLock(path.join(historyRoot, 'maintenance.lock'), 0);
  } catch (error) {
    if (error instanceof FileLockedError) return undefined;
    throw error;
  }
  try {
    return await work();
  } finally {
    lock.release();
  }
}
