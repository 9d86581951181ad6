import { readFile, unlink } from 'node:fs/promises';
import { pooledFileAccess } from '../platform/file-access.ts';
import { isProcessRunning } from '../platform/process-running.ts';
import type { ChangeJournal } from './change-journal.ts';
import { ChangeRecordSchema, type ChangeRecord } from './change-record.ts';
import { settleOnDisk } from './change-outcome.ts';
import { createDurably, syncFolder } from './durable-file.ts';
import { withMaintenanceLock } from './maintenance-lock.ts';
import { flushRecordFiles, leftLogs } from './record-log.ts';
import { removeLeftWriteTemp } from './write-temp.ts';
import { isTornRecordFile, parseRecordFile, recordLine } from './record-file.ts';

/**
 * Retires the record logs of processes that ended (record-log.ts). A record whose own file
 * a crash lost, or cut short, is written again from the log, flushed, as it was begun:
 * pending, so resolvePendingChanges then resolves it by the disk. The other records' files
 * are flushed; a finished change whose kept version did not reach the store has it moved
 * there; and only then is the log removed.
 */
export async function recoverLeftLogs(journal: ChangeJournal): Promise<void> {
  await withMaintenanceLock(journal.root, async () => {
    const logs = await leftLogs(journal.journalsFolder);
    const forgotten = new Set<string>();
    for (const log of logs)
      for (const line of log.lines) {
        const forget = (line as { forget?: unknown } | null)?.forget;
        if (typeof forget === 'string') forgotten.add(forget);
      }
    for (const log of logs) {
      const files: string[] = [];
      const ids: string[] = [];
      for (const line of log.lines) {
        const record = ChangeRecordSchema.safeParse(line).data;
        if (!record || forgotten.has(record.id)) continue;
        const file = journal.recordPath(record.id);
        files.push(file);
        ids.push(record.id);
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text !== undefined && !isTornRecordFile(text)) continue;
        if (text !== undefined) await unlink(file);
        await createDurably(file, recordLine(record));
      }
      await flushRecordFiles(files, journal.changesFolder, journal.io);
      for (const id of ids) await storeLeftVersions(journal, id);
      await unlink(log.file);
    }
    if (logs.length > 0) await syncFolder(journal.journalsFolder);
    await noteRestores(journal, logs);
  });
}

/**
 * A change whose record says it finished, but whose kept versions are still staged: its
 * process stopped, or failed, between the record's closing line and the store's move,
 * which write_file makes after its answer (ChangeJournal.finishAfterAnswer). They move
 * into the store now, as the finish would have moved them. A pending change is finished,
 * and its versions moved, by resolvePendingChanges.
 */
async function storeLeftVersions(journal: ChangeJournal, id: string): Promise<void> {
  const text = await readFile(journal.recordPath(id), 'utf8').catch(() => undefined);
  const record = text === undefined ? undefined : parseRecordFile(text);
  if (!record || record.status === 'pending') return;
  for (const [index, step] of record.steps.entries())
    if (step.kind === 'file')
      await journal.store.promote(journal.stagedPath(id, index), step.sha256);
}

/**
 * A restore in a left log that finished has its change noted as undone, should the note
 * (appended without a flush) have been lost. One still pending is resolved later, and
 * notes its change then if it was made (change-outcome.ts).
 */
async function noteRestores(
  journal: ChangeJournal,
  logs: readonly { readonly lines: readonly unknown[] }[],
): Promise<void> {
  for (const log of logs)
    for (const line of log.lines) {
      const begun = ChangeRecordSchema.safeParse(line).data;
      if (!begun?.restores) continue;
      const restore = await journal.read(begun.id).catch(() => undefined);
      if (restore?.status !== 'done') continue;
      const restored = await journal.read(begun.restores).catch(() => undefined);
      if (restored && !restored.restoredBy)
        await journal.markRestored(restored.id, restore.id, { flush: true });
    }
}

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
      // Its process is gone: a temp file its write made and never renamed is left over.
      await removeLeftWriteTemp(record, pooledFileAccess).catch(() => undefined);
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
  if (!isProcessRunning(record.owner.pid)) return true;
  return journal.clock() - Date.parse(record.at) > STALE_PENDING_MS;
}
