import { lstat, readdir, readFile, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { ChangeJournal } from './change-journal.ts';
import type { ChangeRecord } from './change-record.ts';
import { maxAgeMs, totalBudget, type TotalBudget } from './history-limits.ts';
import { withMaintenanceLock } from './maintenance-lock.ts';
import { isTornRecordFile } from './record-file.ts';

export interface PruneReport {
  /** The changes removed, oldest first. */
  readonly removed: readonly string[];
  /** What history holds once they are gone. */
  readonly keptBytes: number;
  readonly budget: TotalBudget;
  /** Another Airlock process was pruning: this one only measured. */
  readonly skipped: boolean;
}

/**
 * Timestamps on disk are coarser than the clock (a kernel tick): content written just after
 * a prune began may carry a change time just before it.
 */
const TIMESTAMP_SLACK_MS = 50;
/**
 * Content staged for a change is written just before the change's record. One older than
 * this with no record was left by a crash: no change takes this long.
 */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/** How much history holds, for the settings: changes, their kept bytes, and what it may hold. */
export interface HistoryUsage {
  readonly changes: number;
  readonly keptBytes: number;
  readonly budget: TotalBudget;
}

interface Measured extends HistoryUsage {
  /** Every change, oldest first. */
  readonly records: readonly ChangeRecord[];
  /** How many changes name each kept content, and its size. */
  readonly refs: Map<string, { count: number; size: number }>;
}

async function measure(journal: ChangeJournal): Promise<Measured> {
  const records = (await journal.list()).reverse();
  const refs = new Map<string, { count: number; size: number }>();
  let keptBytes = 0;
  for (const record of records) {
    for (const step of record.steps) {
      if (step.kind === 'deleted') keptBytes += payloadBytes(record, step.bytes);
      // Staged for a change still being made: on the disk, not in the store yet.
      if (step.kind === 'staged') keptBytes += step.size;
      if (step.kind !== 'file') continue;
      const ref = refs.get(step.sha256);
      if (ref) ref.count += 1;
      else {
        refs.set(step.sha256, { count: 1, size: step.size });
        keptBytes += step.size;
      }
    }
  }
  const disk = await statfs(journal.root);
  const budget = totalBudget(journal.limits, keptBytes, disk.bavail * disk.bsize);
  return { records, refs, keptBytes, budget, changes: records.length };
}

export async function historyUsage(journal: ChangeJournal): Promise<HistoryUsage> {
  const { changes, keptBytes, budget } = await measure(journal);
  return { changes, keptBytes, budget };
}

/**
 * Removes the oldest changes while history is over its budget, and every change older than
 * the age limit (or, with `everything`, every change: the person emptied history); pending
 * ones stay (a process is making them, or recovery will resolve them). Then sweeps what no
 * record refers to: content (each blob goes once no record names its hash), and what
 * crashes left behind. One process prunes at a time.
 */
export async function pruneHistory(
  journal: ChangeJournal,
  options: { readonly everything?: boolean } = {},
): Promise<PruneReport> {
  // Taken before the list: content stored after this moment may belong to a record the list missed.
  const startedAt = Date.now();
  const { records, refs, budget, ...measured } = await measure(journal);
  let keptBytes = measured.keptBytes;
  const pruned = await withMaintenanceLock(journal.root, async () => {
    const oldest = journal.clock() - maxAgeMs(journal.limits);
    const removed: ChangeRecord[] = [];
    for (const record of records) {
      if (record.status === 'pending') continue;
      const due = Date.parse(record.at) < oldest || keptBytes > budget.bytes;
      if (!due && !options.everything) break;
      removed.push(record);
      keptBytes -= releasedBytes(record, refs);
    }
    for (const record of removed) await journal.remove(record);
    await sweepContent(journal, refs, startedAt);
    await sweepLeftovers(journal);
    return removed.map((record) => record.id);
  });
  return { removed: pruned ?? [], keptBytes, budget, skipped: pruned === undefined };
}

/** The bytes removing `record` frees: its deletions' items, and content no other record shares. */
function releasedBytes(
  record: ChangeRecord,
  refs: Map<string, { count: number; size: number }>,
): number {
  let bytes = 0;
  for (const step of record.steps) {
    if (step.kind === 'deleted') bytes += payloadBytes(record, step.bytes);
    if (step.kind !== 'file') continue;
    const ref = refs.get(step.sha256);
    if (!ref) continue;
    ref.count -= 1;
    if (ref.count === 0) bytes += ref.size;
  }
  return bytes;
}

/** A restore puts a deleted item back from its payload: the payload then holds nothing. */
function payloadBytes(record: ChangeRecord, bytes: number): number {
  return record.restoredBy ? 0 : bytes;
}

async function sweepContent(
  journal: ChangeJournal,
  refs: Map<string, { count: number }>,
  startedAt: number,
): Promise<void> {
  for (const blob of await journal.store.list()) {
    if ((refs.get(blob.sha256)?.count ?? 0) > 0) continue;
    // Stored since the prune began: its record may be one the list did not see yet.
    if (blob.ctimeMs >= startedAt - TIMESTAMP_SLACK_MS) continue;
    await journal.store.remove(blob.sha256);
  }
}

/**
 * What crashes leave, long after any change ends: records torn while being written (before
 * their change), then staged content and payload folders whose change has no record.
 */
async function sweepLeftovers(journal: ChangeJournal): Promise<void> {
  const now = Date.now();
  const old = async (file: string) => {
    const stats = await lstat(file).catch(() => undefined);
    return stats !== undefined && now - stats.ctimeMs > ORPHAN_GRACE_MS;
  };
  for (const name of await readdir(journal.changesFolder).catch(() => [])) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const file = path.join(journal.changesFolder, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && isTornRecordFile(text) && (await old(file))) await rm(file);
  }
  const leftovers: string[] = [];
  for (const name of await readdir(journal.changesFolder).catch(() => [])) {
    const staged = /^(.+)\.\d+\.kept(\.copy)?$/.exec(name);
    const temp = /^\..+\.tmp$/.test(name);
    if (staged?.[1] && !(await hasRecord(journal, staged[1])))
      leftovers.push(path.join(journal.changesFolder, name));
    else if (temp) leftovers.push(path.join(journal.changesFolder, name));
  }
  for (const id of await readdir(journal.payloadsFolder).catch(() => [])) {
    if (!(await hasRecord(journal, id))) leftovers.push(path.join(journal.payloadsFolder, id));
  }
  for (const leftover of leftovers)
    if (await old(leftover)) await rm(leftover, { recursive: true, force: true });
}

async function hasRecord(journal: ChangeJournal, id: string): Promise<boolean> {
  // A change being made in this process has its record in memory until it is finished.
  if (journal.isInFlight(id)) return true;
  try {
    await lstat(journal.recordPath(id));
    return true;
  } catch {
    return false;
  }
}
