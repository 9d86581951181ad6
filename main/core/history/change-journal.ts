/**
 * Change history: before every change an agent makes, Airlock keeps exactly what is needed
 * to put it back, so any change can be undone, and an undo has the same guarantees as the
 * agent's tools. The life of one change:
 *
 * 1. The tool resolves its paths through the policy and checks it may change them. Right
 *    before it changes anything, it calls the capture helper for its kind of change,
 *    from `changeRecorder(journal, call)` (capture-change.ts): beforeWrite, beforeEdit,
 *    beforeMove, beforeDelete, beforeCreateDirectory.
 * 2. The helper keeps what the change will replace. A file's content goes to the content
 *    store (content-store.ts), hard-linked where the disk allows, else cloned or copied,
 *    staged under the change's id until the change is done, then hashed and stored once
 *    by its SHA-256 (the record names it as `staged` until its closing line gives the
 *    hash: hashing is no part of what the change waits for). A new file or folder is
 *    noted as absent; a move as its two paths and the identity of what moves. Past a cap
 *    (history-limits.ts) nothing is kept: the change still happens, marked as one that
 *    cannot be undone, and the reason is given.
 * 3. `begin` writes the change's record (change-record.ts) as `pending`: appended to this
 *    process's record log (record-log.ts), which is flushed before anything changes; its
 *    own file, unflushed, which the log stands in for until it is on the disk, is made
 *    while that flush runs. A crash from here on leaves a record, and what it needs, to
 *    resolve.
 * 4. The tool makes its change (`recordChange` runs it between the two ends; `recordWrite`
 *    flushes the new content alongside the record, and renames once both are on the disk).
 *    A deletion is made by the helper: a move into history. Changes to one path in a
 *    process take turns (path-locks.ts), so each keeps the version it replaces.
 * 5. `finish` records what the change left (a file's hash, a link's target, existence: the
 *    after-state a restore checks for conflicts) and the hash of what it kept, moves staged
 *    content into the store, and marks the record `done`. A write's finish
 *    (`finishAfterAnswer`) does that bookkeeping after the tool's answer: its record is on
 *    the disk already, so a crash before it is resolved at the next start as any change
 *    left pending, and whatever reads or changes history first waits for it (`settled`).
 *    When the tool failed, `settle` looks at the disk: if nothing changed the change is
 *    abandoned, and its record and kept content dropped.
 * 6. When the journal opens, the record logs of processes that ended are retired, writing
 *    again any record whose own file a crash lost, and pending records whose process is
 *    gone are resolved the same way (recover-pending.ts).
 * 7. `restoreChange` (restore-change.ts) puts back the state from just before a change,
 *    through the policy and the verified opens, and is journaled as a change of its own
 *    (tool `restore`), which can be undone in turn. `rewindChanges` undoes a range.
 * 8. `prune` (prune-history.ts) drops the oldest changes past the age and size caps, then
 *    any content no record refers to.
 *
 * On disk, in the private `<dataDir>/history/`: `changes/<id>.json` (a record as begun,
 * then its updates, one per line: record-file.ts), with content staged beside it as
 * `<id>.<step>.kept`; `journals/<pid>-<token>.log` (each process's record log);
 * `blobs/<2 hex>/<sha256>` (contents); `payloads/<id>/` (what deletions removed); and
 * `<id>/` folders of the first form of history (legacy-entries.ts).
 */
import { chmod, readdir, readFile, rm, stat, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createFolders } from '../config/create-folders.ts';
import {
  ChangeRecordSchema,
  holdsStaged,
  isChangeId,
  type AfterState,
  type ChangeRecord,
} from './change-record.ts';
import { matchesFilter, type ChangeFilter } from './change-filter.ts';
import { ContentStore } from './content-store.ts';
import { appendDurably, createDurably } from './durable-file.ts';
import { historyIoOf, type HistoryIo } from './history-io.ts';
import type { FileAccessKind } from '../platform/file-access.ts';
import { HistoryError } from './history-error.ts';
import {
  DEFAULT_HISTORY_LIMITS,
  totalBudget,
  type HistoryLimits,
  type TotalBudget,
} from './history-limits.ts';
import { legacyPayloadPath, listLegacyIds, readLegacyEntry } from './legacy-entries.ts';
export type { ChangeFilter } from './change-filter.ts';
import {
  historyUsage,
  pruneHistory,
  type HistoryUsage,
  type PruneReport,
} from './prune-history.ts';
import {
  applyUpdate,
  parseRecordFile,
  recordLine,
  updateLine,
  type ChangeUpdate,
  type KeptHash,
} from './record-file.ts';
import { RecordLog } from './record-log.ts';
import { recoverLeftLogs, resolvePendingChanges } from './recover-pending.ts';

export interface JournalOptions {
  readonly limits?: HistoryLimits;
  /** Where a problem in work done after an answer is reported; stderr unless given. */
  readonly log?: ProblemLog;
  /**
   * Where history's small system calls run: the pool (the default, as the app needs) or
   * inline, as `airlock serve --stdio` runs a request's file operations.
   */
  readonly fileAccess?: FileAccessKind;
  /** Milliseconds since the epoch; tests move it to age changes. */
  readonly clock?: () => number;
}

/**
 * Changes begun in this process and not yet finished, by record path, as begun: never
 * resolved as left by a crash, whichever journal over the same folder looks, and finished
 * without reading their record back.
 */
const changesInFlight = new Map<string, ChangeRecord>();

/**
 * The finishing bookkeeping still under way of changes whose tools have answered, by record
 * path (finishAfterAnswer): each settles, never rejecting, once it is done or has failed.
 */
const changesSettling = new Map<string, Promise<void>>();

/** Where history reports what went wrong with no caller left to tell (DiagnosticsLog fits). */
export interface ProblemLog {
  error(message: string, meta?: Record<string, unknown>): unknown;
}

const stderrLog: ProblemLog = {
  error: (message, meta) => {
    const cause = meta?.error instanceof Error ? `: ${meta.error.message}` : '';
    process.stderr.write(`airlock: error: ${message}${cause}\n`);
  },
};

/**
 * The record files of changes in flight, held open from their start to their end, so the
 * end's update goes straight to them; by record path.
 */
const openRecords = new Map<string, number>();

/** Each history's record log in this process, by history folder (record-log.ts). */
const recordLogs = new Map<string, RecordLog>();

/** The free space is looked up at most this often: it changes slowly, and each change asks. */
const FREE_SPACE_TTL_MS = 1000;

/** A prune is due after this much new content, as a share of the budget, or this much time. */
const PRUNE_SHARE = 1 / 16;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export class ChangeJournal {
  /** `<dataDir>/history`. */
  readonly root: string;
  readonly changesFolder: string;
  readonly payloadsFolder: string;
  /** Where each process's record log is (record-log.ts). */
  readonly journalsFolder: string;
  readonly store: ContentStore;
  readonly clock: () => number;
  readonly io: HistoryIo;
  private limitsInForce: HistoryLimits;
  private lastOrder = 0;
  private keptEstimate = 0;
  private addedSincePrune = 0;
  private lastPruneAt = 0;
  private pruning: Promise<PruneReport> | undefined;
  /** Prunes started by bookkeeping after an answer (finishAfterAnswer), still running. */
  private readonly prunesAfterAnswers = new Set<Promise<void>>();
  private freeSpace: { readonly bytes: number; readonly at: number } | undefined;
  private log: ProblemLog;

  private constructor(dataDir: string, options: JournalOptions) {
    this.root = path.join(dataDir, 'history');
    this.changesFolder = path.join(this.root, 'changes');
    this.payloadsFolder = path.join(this.root, 'payloads');
    this.journalsFolder = path.join(this.root, 'journals');
    this.io = historyIoOf(options.fileAccess ?? 'pooled');
    this.store = new ContentStore(this.root, this.io);
    this.clock = options.clock ?? Date.now;
    this.limitsInForce = options.limits ?? DEFAULT_HISTORY_LIMITS;
    this.log = options.log ?? stderrLog;
  }

  /** Problems in work done after an answer go to `log` from now on. */
  reportProblemsTo(log: ProblemLog): void {
    this.log = log;
  }

  /**
   * Opens the history in `dataDir`, making its folders (private, like the data dir), then
   * resolves what crashed processes left pending and prunes what is past the limits.
   */
  static async open(dataDir: string, options: JournalOptions = {}): Promise<ChangeJournal> {
    const journal = new ChangeJournal(dataDir, options);
    await journal.makeFolders();
    await recoverLeftLogs(journal);
    await resolvePendingChanges(journal);
    await journal.prune();
    return journal;
  }

  get limits(): HistoryLimits {
    return this.limitsInForce;
  }

  /** New limits apply to the next change; pruning to them happens at once. */
  async setLimits(limits: HistoryLimits): Promise<PruneReport> {
    this.limitsInForce = limits;
    // A prune already under way may have measured against the limits before: prune again.
    await this.pruning?.catch(() => undefined);
    return this.prune();
  }

  /** What history may hold now: the total cap, or less when the disk is nearly full. */
  async budget(): Promise<TotalBudget> {
    const now = Date.now();
    if (!this.freeSpace || now - this.freeSpace.at > FREE_SPACE_TTL_MS) {
      const disk = await statfs(this.root);
      this.freeSpace = { bytes: disk.bavail * disk.bsize, at: now };
    }
    return totalBudget(this.limitsInForce, this.keptEstimate, this.freeSpace.bytes);
  }

  /** The order of a change begun now: microseconds, and always above the last one. */
  nextOrder(): number {
    this.lastOrder = Math.max(this.lastOrder + 1, Math.floor(this.clock() * 1000));
    return this.lastOrder;
  }

  /** Whether a pending record belongs to a change this process is making right now. */
  isInFlight(id: string): boolean {
    return changesInFlight.has(this.recordPath(id));
  }

  recordPath(id: string): string {
    return path.join(this.changesFolder, `${checkedId(id)}.json`);
  }

  /** Where a file step's old content waits until its change is finished. */
  stagedPath(id: string, step: number): string {
    return path.join(this.changesFolder, `${checkedId(id)}.${step}.kept`);
  }

  payloadFolder(id: string): string {
    return path.join(this.payloadsFolder, checkedId(id));
  }

  /** Where a deletion's item is kept. */
  payloadPath(record: ChangeRecord, payload: string): string {
    return record.legacy
      ? legacyPayloadPath(this.root, record.id)
      : path.join(this.payloadFolder(record.id), payload);
  }

  /**
   * Refuses an id that is not one Airlock gives out, or that a change already has: checked
   * before anything is kept for a change, so a second change cannot disturb the first's.
   */
  async assertNewId(id: string): Promise<void> {
    if (changesInFlight.has(this.recordPath(id))) throw duplicateId(id);
    if (await this.io.exists(this.recordPath(id))) throw duplicateId(id);
  }

  /**
   * Records a change as pending, on the disk, before it is made: appended to this process's
   * record log and flushed (record-log.ts). Content it refers to was staged before: a hard
   * link made before the log's flush is on the disk with it, for the file system orders
   * its own changes; a copy flushed its file and folder itself.
   */
  async begin(record: ChangeRecord): Promise<void> {
    const { flush } = await this.start(record);
    await flush();
  }

  /**
   * As begin, in two steps: returns once the pending record is written (read, listed and
   * in flight from then on), with `flush`, which puts it on the disk (once, however often
   * it is called). The change waits for that; the new content it prepares meanwhile is
   * flushed together with it. A record whose flush fails is dropped, and the change not made.
   */
  async start(record: ChangeRecord): Promise<{ readonly flush: () => Promise<void> }> {
    const checked = ChangeRecordSchema.parse(record);
    if (checked.status !== 'pending') throw new Error('a change begins as pending');
    const file = this.recordPath(checked.id);
    // The record file is made without replacing one (writeRecordFile): that checks the id.
    if (changesInFlight.has(file)) throw duplicateId(checked.id);
    // In flight from now: read and listed from memory until it is finished, and never
    // taken, by a journal opened meanwhile in this process, for one a crash left.
    changesInFlight.set(file, checked);
    const line = recordLine(checked);
    let appended: { readonly flush: () => Promise<void> };
    try {
      appended = await this.recordLog().append(checked.id, line);
    } catch (error) {
      changesInFlight.delete(file);
      this.recordLog().close(checked.id);
      throw error;
    }
    let flushed: Promise<void> | undefined;
    const flush = () =>
      (flushed ??= this.putOnDisk(file, line, appended.flush).catch(async (error: unknown) => {
        // Not on the disk: the change must not be made, and the record goes. A record of
        // another change by that id (EEXIST) stays as it is.
        changesInFlight.delete(file);
        const duplicate = (error as NodeJS.ErrnoException).code === 'EEXIST';
        if (duplicate) {
          this.recordLog().close(checked.id);
          throw duplicateId(checked.id);
        }
        await this.closeRecordFile(file);
        await unlink(file).catch(() => undefined);
        await this.recordLog().forget(checked.id);
        throw error;
      }));
    return { flush };
  }

  /**
   * Puts a change's record on the disk: flushes the record log that holds its line
   * (`flushLog`), and meanwhile writes its own file, not flushed (the log keeps it until
   * the log is retired), never over another (EEXIST: that id has a record). Made with the
   * flush, rather than when the change begins, it is off the way of the change's own
   * preparation: the flush waits for the disk, and is awaited with the new content's.
   */
  private async putOnDisk(
    file: string,
    line: string,
    flushLog: () => Promise<void>,
  ): Promise<void> {
    const [made, logged] = await Promise.allSettled([
      this.recordLog().writeRecordFile(file, line),
      flushLog(),
    ]);
    if (made.status === 'fulfilled') openRecords.set(file, made.value);
    if (made.status === 'rejected') throw made.reason;
    if (logged.status === 'rejected') throw logged.reason;
  }

  /**
   * Marks a change done with what it left at each step (in the steps' order), and moves its
   * staged content into the store.
   */
  async finish(id: string, after: readonly AfterState[]): Promise<ChangeRecord> {
    return this.close(id, after, 'done');
  }

  /**
   * As finish, for a change in flight whose tool is about to answer: gives the record,
   * done, at once, and `settled`, which settles (never rejecting) once the finish's
   * bookkeeping is done: the record's closing line, with what the change left (`after`,
   * known by then: a write's new content is hashed on the thread pool meanwhile) and the
   * hash of what it kept (hashed after the answer), and its kept content moved into the
   * store. The change's record is on the disk already, as are its staged content and its
   * change: should the bookkeeping never happen (a crash), or fail (reported to the log),
   * the record is left as the disk has it, pending or done, and the next start finishes it
   * (recover-pending.ts); a staged version is restorable meanwhile. Until it settles,
   * reading the change, listing, pruning and emptying history wait for it.
   */
  finishAfterAnswer(
    id: string,
    after: Promise<readonly AfterState[]>,
  ): { readonly record: ChangeRecord; readonly settled: Promise<void> } {
    const file = this.recordPath(id);
    const record = changesInFlight.get(file);
    if (!record) throw new Error(`change ${id} is not being made in this process`);
    if (record.status !== 'pending') throw new Error(`change ${id} is not pending`);
    // Observed now: a failure is reported when the bookkeeping reaches it, never unhandled.
    after.catch(() => undefined);
    const settled = Promise.all([after, afterThisTurn().then(() => this.hashKept(record))])
      .then(([left, kept]) =>
        this.writeClose(id, record, closingUpdate(record, left, kept, 'done'), true),
      )
      .then(
        () => true,
        (error: unknown) => {
          this.log.error(`could not finish change ${id} in history; the next start will`, {
            error,
          });
          // No longer being made: read from its file. Its record log stays open, so the
          // next start takes it up again (recover-pending.ts).
          changesInFlight.delete(file);
          return false;
        },
      )
      .then((done) => {
        changesSettling.delete(file);
        if (done) this.pruneAfterAnswer();
      });
    changesSettling.set(file, settled);
    return { record: { ...record, status: 'done' }, settled };
  }

  /**
   * Settles once the bookkeeping after an answer (finishAfterAnswer) is done for change
   * `id`; without an id, for every change of this history under way now, and once the
   * prunes it called for are done too.
   */
  async settled(id?: string): Promise<void> {
    if (id !== undefined) {
      await changesSettling.get(this.recordPath(id));
      return;
    }
    await this.changesSettled();
    await Promise.all(this.prunesAfterAnswers);
  }

  /** Settles once the bookkeeping of every change of this history under way now is done. */
  private async changesSettled(): Promise<void> {
    const under = [...changesSettling].filter(
      ([file]) => path.dirname(file) === this.changesFolder,
    );
    await Promise.all(under.map(([, settling]) => settling));
  }

  /** Marks a change that stopped halfway as failed: kept, but not to be undone. */
  async fail(
    id: string,
    after: readonly (AfterState | undefined)[],
    reason: string,
  ): Promise<ChangeRecord> {
    return this.close(id, after, 'failed', reason);
  }

  /** The change did not happen: its record goes, and so does what was kept for it. */
  async abandon(id: string): Promise<void> {
    const record = await this.mustRead(id);
    const file = this.recordPath(id);
    // A change in flight has a file of its own once its record was put on the disk; until
    // then, a file by that name is another change's.
    const ownFile = !changesInFlight.has(file) || openRecords.has(file);
    await this.closeRecordFile(file);
    await this.releaseKept(record);
    if (ownFile) await unlink(file).catch(ignoreMissing);
    // So a record log left by this process does not bring it back as a pending change.
    if (changesInFlight.delete(this.recordPath(id))) await this.recordLog().forget(id);
  }

  /**
   * Notes on a change that the restore `by` undid it. Not flushed on its own: the restore's
   * record, in the record log, says so too, and a journal opening after a crash writes the
   * note again from it (recover-pending.ts); the log is retired only once this record's
   * file is flushed as well. `flush` forces it to the disk now.
   */
  async markRestored(
    id: string,
    by: string,
    options: { readonly flush?: boolean } = {},
  ): Promise<ChangeRecord> {
    const record = await this.mustRead(id);
    // A deletion kept by the first form of history gets a record of its own here.
    if (record.legacy) await this.createLegacyRecord(record);
    const update = { restoredBy: checkedId(by) };
    await this.update(id, update, { flush: options.flush === true });
    if (!options.flush) this.recordLog().touch(id);
    return { ...record, ...update };
  }

  /** The change with `id`, or undefined. */
  async read(id: string): Promise<ChangeRecord | undefined> {
    // A change whose tool answered is read as its bookkeeping leaves it.
    const settling = changesSettling.get(this.recordPath(id));
    if (settling) await settling;
    const inFlight = changesInFlight.get(this.recordPath(id));
    if (inFlight) return inFlight;
    const text = await this.io
      .readFile(this.recordPath(id))
      .then((bytes) => bytes.toString('utf8'), ignoreMissingAs(undefined));
    if (text !== undefined) return parseRecordFile(text);
    return readLegacyEntry(this.root, id);
  }

  async mustRead(id: string): Promise<ChangeRecord> {
    const record = await this.read(id);
    if (!record) {
      throw new HistoryError(
        'not_found',
        `No change ${id} is in history: it was never recorded, or it was pruned.`,
      );
    }
    return record;
  }

  /** Every readable change matching `filter`, newest first. */
  async list(filter: ChangeFilter = {}): Promise<ChangeRecord[]> {
    // Not the prunes they called for, which list too.
    await this.changesSettled();
    const records = new Map<string, ChangeRecord>();
    for (const name of await readdir(this.changesFolder).catch(() => [])) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const text = await readFile(path.join(this.changesFolder, name), 'utf8').catch(() => '');
      const record = parseRecordFile(text);
      if (record) records.set(record.id, record);
    }
    // Changes being made in this process, whose own files are written when they finish.
    for (const [file, record] of changesInFlight)
      if (path.dirname(file) === this.changesFolder) records.set(record.id, record);
    for (const id of await listLegacyIds(this.root)) {
      if (records.has(id)) continue;
      const record = await readLegacyEntry(this.root, id);
      if (record) records.set(id, record);
    }
    return [...records.values()]
      .filter((record) => matchesFilter(record, filter))
      .sort((a, b) => b.order - a.order);
  }

  /** Removes a change and everything kept for it (content is removed by the prune's sweep). */
  async remove(record: ChangeRecord): Promise<void> {
    await this.releaseKept(record);
    if (record.legacy) await rm(path.join(this.root, record.id), { recursive: true, force: true });
    await unlink(this.recordPath(record.id)).catch(ignoreMissing);
    await this.recordLog().forget(record.id);
  }

  /** Closes the record file a change in flight held open, if it holds one. */
  private async closeRecordFile(file: string): Promise<void> {
    const fd = openRecords.get(file);
    if (fd === undefined) return;
    openRecords.delete(file);
    await this.io.close(fd).catch(() => undefined);
  }

  /** This process's record log for this history, shared by every journal over it. */
  private recordLog(): RecordLog {
    let log = recordLogs.get(this.root);
    if (!log) {
      log = new RecordLog(
        this.journalsFolder,
        this.changesFolder,
        (id) => this.recordPath(id),
        this.io,
      );
      recordLogs.set(this.root, log);
    }
    return log;
  }

  /**
   * Prunes now, once the bookkeeping under way after answers, and the prunes it started,
   * are done: changes are pruned as they are left.
   */
  async prune(): Promise<PruneReport> {
    await this.settled();
    return this.pruneNow();
  }

  /** Prunes now, unless a prune is already running in this process. */
  private async pruneNow(): Promise<PruneReport> {
    this.pruning ??= pruneHistory(this).finally(() => {
      this.pruning = undefined;
    });
    return this.noteKept(await this.pruning);
  }

  /** Removes every change but those being made, and all they kept: the person emptied it. */
  async empty(): Promise<PruneReport> {
    await this.settled();
    await this.pruning;
    return this.noteKept(await pruneHistory(this, { everything: true }));
  }

  /** How many changes history holds, their size, and what it may hold. */
  async usage(): Promise<HistoryUsage> {
    return historyUsage(this);
  }

  private noteKept(report: PruneReport): PruneReport {
    this.keptEstimate = report.keptBytes;
    this.addedSincePrune = 0;
    this.lastPruneAt = this.clock();
    return report;
  }

  /** Appends an update to a change's record. */
  private async update(
    id: string,
    update: ChangeUpdate,
    options: { readonly flush: boolean },
  ): Promise<void> {
    await appendDurably(this.recordPath(id), updateLine(update), options, this.io);
  }

  private async createLegacyRecord(record: ChangeRecord): Promise<void> {
    await createDurably(this.recordPath(record.id), recordLine(record)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }

  private async close(
    id: string,
    after: readonly (AfterState | undefined)[],
    status: 'done' | 'failed',
    reason?: string,
  ): Promise<ChangeRecord> {
    const inFlight = changesInFlight.get(this.recordPath(id));
    const record = inFlight ?? (await this.mustRead(id));
    const kept = await this.hashKept(record);
    const update = closingUpdate(record, after, kept, status, reason);
    await this.writeClose(id, record, update, inFlight !== undefined);
    await this.pruneIfDue();
    return applyUpdate(record, update);
  }

  /**
   * Appends the closing `update` to a change's record and moves what it kept into the
   * store; a change in flight is then over.
   */
  private async writeClose(
    id: string,
    record: ChangeRecord,
    update: ChangeUpdate,
    inFlight: boolean,
  ): Promise<void> {
    const file = this.recordPath(id);
    // Not flushed: a finish lost to a power cut leaves the record pending, and the next
    // start resolves it by the disk, as it would have been resolved without the finish.
    let fd = openRecords.get(file);
    // Settled before its record was put on the disk (putOnDisk): its file is made now.
    if (fd === undefined && inFlight) {
      fd = await this.recordLog().writeRecordFile(file, recordLine(record));
      openRecords.set(file, fd);
    }
    if (fd === undefined) await this.update(id, update, { flush: false });
    else {
      openRecords.delete(file);
      try {
        await this.io.writeTo(fd, updateLine(update));
      } finally {
        await this.io.close(fd);
      }
    }
    let added = 0;
    // A failed change keeps its content too: it may be the only copy of what was there.
    for (const [index, step] of applyUpdate(record, update).steps.entries()) {
      if (step.kind !== 'file') continue;
      await this.store.promote(this.stagedPath(id, index), step.sha256);
      added += step.size;
    }
    for (const step of record.steps) if (step.kind === 'deleted') added += step.bytes;
    if (inFlight) {
      changesInFlight.delete(file);
      this.recordLog().close(id);
    }
    this.keptEstimate += added;
    this.addedSincePrune += added;
  }

  /** The prune a finish may call for, after an answer too; a prune asked for waits for it. */
  private pruneAfterAnswer(): void {
    const pruning = this.pruneIfDue().catch((error: unknown) => {
      this.log.error('could not prune history after a change', { error });
    });
    this.prunesAfterAnswers.add(pruning);
    void pruning.finally(() => this.prunesAfterAnswers.delete(pruning));
  }

  private async pruneIfDue(): Promise<void> {
    const budget = await this.budget();
    const due =
      this.addedSincePrune > budget.bytes * PRUNE_SHARE ||
      this.clock() - this.lastPruneAt > PRUNE_INTERVAL_MS;
    if (due) await this.pruneNow();
  }

  /**
   * The hash of what each `staged` step of `record` kept, in the steps' order (null for
   * other steps, and where it cannot be read back); undefined when it has none.
   */
  async hashKept(record: ChangeRecord): Promise<(KeptHash | null)[] | undefined> {
    if (!record.steps.some((step) => step.kind === 'staged')) return undefined;
    return Promise.all(
      record.steps.map((step, index) =>
        step.kind === 'staged'
          ? this.store.hashKept(this.stagedPath(record.id, index), step.size).catch(() => null)
          : null,
      ),
    );
  }

  /** Drops the staged content and payload of a change that is going away. */
  private async releaseKept(record: ChangeRecord): Promise<void> {
    for (const [index, step] of record.steps.entries())
      if (holdsStaged(step)) await this.store.release(this.stagedPath(record.id, index));
    if (!record.legacy) await rm(this.payloadFolder(record.id), { recursive: true, force: true });
  }

  private async makeFolders(): Promise<void> {
    const folders = [this.changesFolder, this.payloadsFolder, this.journalsFolder, this.store.root];
    for (const folder of [this.root, ...folders]) await createFolders(folder, 0o700);
    await this.store.makeFolders();
    // An older Airlock, or a copy by hand, may have left history open to others.
    if (process.platform !== 'win32' && ((await stat(this.root)).mode & 0o077) !== 0)
      await chmod(this.root, 0o700);
  }
}

const KEPT_LOST =
  'History could not read back the version it kept, so this change cannot be undone.';

/**
 * The update that closes a pending `record` with what each step left, and the hash of what
 * each `staged` step kept (`kept`, from hashKept).
 */
function closingUpdate(
  record: ChangeRecord,
  after: readonly (AfterState | undefined)[],
  kept: readonly (KeptHash | null)[] | undefined,
  status: 'done' | 'failed',
  reason?: string,
): ChangeUpdate {
  if (record.status !== 'pending') throw new Error(`change ${record.id} is not pending`);
  if (after.length !== record.steps.length) throw new Error('one after-state per step');
  const lost = record.steps.some((step, index) => step.kind === 'staged' && !kept?.[index]);
  return {
    status,
    after: record.steps.map((_, index) => after[index] ?? null),
    ...(kept ? { kept: [...kept] } : {}),
    ...(status === 'failed'
      ? { undoable: false, reason: reason ?? 'The change stopped halfway.' }
      : lost
        ? { undoable: false, reason: KEPT_LOST }
        : {}),
  };
}

/** Settles on the event loop's next turn: after the answer a tool is about to give is sent. */
function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function duplicateId(id: string): HistoryError {
  return new HistoryError('duplicate_id', `A change with id ${id} is already recorded.`);
}

function checkedId(id: string): string {
  if (!isChangeId(id))
    throw new HistoryError('invalid_id', `"${id.slice(0, 100)}" is not a change id.`);
  return id;
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

function ignoreMissingAs<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    ignoreMissing(error);
    return value;
  };
}
