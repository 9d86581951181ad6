import { pooledFileAccess } from '../platform/file-access.ts';
import type { ChangeJournal } from './change-journal.ts';
import type { ChangeRecord } from './change-record.ts';
import { settleOnDisk } from './change-outcome.ts';
import { withMaintenanceLock } from './maintenance-lock.ts';

/** A pending change whose process has run this long is taken as dead, whatever its pid says. */
const STALE_PENDING_MS = 24 * 60 * 60 * 1000;

/** What became of one pending change found on open. */
export interface ResolvedPending {
  readonly id: string;
  readonly outcome: 'done' | 'failed' | 'abandoned';
}

/**
 * Resolves the changes a crashed process left pending: each record was written before its
 * change, so the disk tells whether the change was made. Made: it is finished, and can be
 * undone. Not made: its record and what it kept are dropped. Changes of a process still
 * running are left alone: it is making them right now.
 */
export async function resolvePendingChanges(journal: ChangeJournal): Promise<ResolvedPending[]> {
  const resolved = await withMaintenanceLock(journal.root, async () => {
    const outcomes: ResolvedPending[] = [];
    for (const record of await journal.list()) {
      if (record.status !== 'pending' || !isOrphaned(journal, record)) continue;
      const settled = await settleOnDisk(journal, record, pooledFileAccess).catch(() => null);
      // null: the disk could not be read as needed; the record waits for the next start.
      if (settled === null) continue;
      const outcome = !settled ? 'abandoned' : settled.status === 'done' ? 'done' : 'failed';
      outcomes.push({ id: record.id, outcome });
    }
    return outcomes;
  });
  return resolved ?? [];
}

function isOrphaned(journal: ChangeJournal, record: ChangeRecord): boolean {
  if (journal.isInFlight(record.id)) return false;
  // This process never began it, so an earlier process with the same pid did.
  if (record.owner.pid === process.pid) return true;
  if (!isRunning(record.owner.pid)) return true;
  return journal.clock() - Date.parse(record.at) > STALE_PENDING_MS;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
