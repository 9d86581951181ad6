import type { ActivityFilters } from '../../../../preload/contract/activity-contract.ts';
import type {
  ActivityCheck,
  ActivityFilterOptions,
  ActivityPage,
  ActivityState,
} from '../../../../preload/contract/activity-views.ts';
import { AuditFiles } from '../../audit/audit-files.ts';
import type { AuditLog } from '../../audit/audit-log.ts';
import { AuditIndex, AuditIndexStaleError } from '../../audit/search/audit-index.ts';
import { AuditQueryError, type AuditQuery } from '../../audit/search/audit-query.ts';
import type { ExportFormat } from '../../audit/search/export.ts';
import { indexedFields } from '../../audit/search/record-fields.ts';
import { encodeCursor } from '../../audit/search/query-cursor.ts';
import { verifyAuditLog, type VerifyReport } from '../../audit/verify.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { AppError } from '../ipc/app-error.ts';
import { describeCheck, mayBeInFlight } from './activity-check.ts';
import { verificationLine, writeExportFile } from './activity-export.ts';
import { activityRecordOf, auditQueryOf } from './activity-records.ts';
import { AuditFollower } from './audit-follower.ts';
import { BatchedNotifier, type ActivityAddedListener } from './batched-notifier.ts';

export interface ActivityLogOptions {
  /** The current audit file; its rotated files lie beside it. */
  readonly auditFile: string;
  /** The key the chain's MACs are checked with, when the keychain has one. */
  readonly macKey: Uint8Array | undefined;
  readonly log: DiagnosticsLog;
  /** How often the files are looked at for records other processes wrote. */
  readonly pollMs?: number;
  /** At most one activityAdded event per this many milliseconds. */
  readonly notifyMs?: number;
}

export interface ActivityQueryRequest {
  readonly filters: ActivityFilters;
  readonly limit: number;
  readonly offset: number;
  readonly cursor?: string | undefined;
  readonly beforeSeq?: number | undefined;
}

/** Menus longer than this are not menus any more; the search box finds the rest. */
const MAX_MENU_ENTRIES = 1000;
/** A check that meets a record being written as it reads is tried again. */
const CHECK_ATTEMPTS = 3;

/** What the window shows when the log cannot be read; the cause is in the diagnostics log. */
const UNREADABLE =
  'Airlock could not read the activity log. The details are in its diagnostics log.';

/**
 * The activity viewer's backend: the search index of the app's audit log, built in the
 * background when the app starts (queries wait for it), kept current with every record
 * appended to the files (by this app or another Airlock process), and rebuilt from the
 * files whenever they change under it. It also checks the chain and exports.
 */
export class ActivityLog {
  readonly #files: AuditFiles;
  readonly #macKey: Uint8Array | undefined;
  readonly #log: DiagnosticsLog;
  readonly #pollMs: number;
  readonly #notifier: BatchedNotifier;
  #index: AuditIndex | undefined;
  #follower: AuditFollower | undefined;
  /** Index work (builds and catch-ups) runs one task at a time, in order. */
  #queue: Promise<void> = Promise.resolve();
  /** The latest build; queries wait for it. */
  #building: Promise<void> | undefined;
  #buildQueued = false;
  #catchUpQueued = false;
  #problem: string | undefined;
  #poll: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #started = false;
  #closed = false;
  /** Indexes an export still reads from, and how many exports read each. */
  readonly #leases = new Map<AuditIndex, number>();
  /** Replaced indexes left open for an export still reading them. */
  readonly #retired = new Set<AuditIndex>();
  #check: ActivityCheck | null = null;
  #checking: Promise<ActivityCheck> | undefined;

  constructor(options: ActivityLogOptions) {
    this.#files = new AuditFiles(options.auditFile);
    this.#macKey = options.macKey;
    this.#log = options.log;
    this.#pollMs = options.pollMs ?? 1000;
    this.#notifier = new BatchedNotifier(options.notifyMs ?? 250);
  }

  /** Starts reading the log in the background; returns at once. */
  start(): void {
    if (this.#closed || this.#started) return;
    this.#started = true;
    this.#rebuild();
    if (this.#pollMs > 0)
      this.#poll = setInterval(() => this.#scheduleCatchUp(), this.#pollMs).unref();
  }

  /** Follows a (new) audit log of this app: its records are read in as soon as written. */
  follow(audit: Pick<AuditLog, 'subscribe'>): void {
    this.#unsubscribe?.();
    this.#unsubscribe = audit.subscribe(() => this.#scheduleCatchUp());
  }

  /** New records, batched: for the window's live tail. */
  onAdded(listener: ActivityAddedListener): () => void {
    return this.#notifier.listen(listener);
  }

  /** Resolves once the index is ready (or could not be built). */
  async whenReady(): Promise<void> {
    await this.#building?.catch(() => undefined);
  }

  state(): ActivityState {
    const ready = this.#index !== undefined && this.#building === undefined;
    return {
      ready,
      records: this.#index?.size ?? 0,
      check: this.#check,
      ...(this.#problem ? { problem: this.#problem } : {}),
    };
  }

  async query(request: ActivityQueryRequest): Promise<ActivityPage> {
    const query: AuditQuery = {
      ...auditQueryOf(request.filters),
      limit: request.limit,
      offset: request.offset,
    };
    return this.#withIndex((index) => {
      const cursor = request.cursor ?? seqCursor(request.beforeSeq);
      let page;
      try {
        page = index.query({ ...query, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        // A log whose seqs go back cannot keep places by seq: answer from the top instead.
        if (!(error instanceof AuditQueryError) || request.cursor !== undefined) throw error;
        page = index.query(query);
      }
      return {
        records: page.records.map(activityRecordOf),
        totalMatched: page.totalMatched ?? page.records.length,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        newestSeq: index.lastSeq,
      };
    });
  }

  async filterOptions(): Promise<ActivityFilterOptions> {
    return this.#withIndex((index) => {
      const facets = index.facets();
      return {
        clients: facets.clients.slice(0, MAX_MENU_ENTRIES),
        tools: facets.tools.slice(0, MAX_MENU_ENTRIES),
        workspaces: facets.workspaces.slice(0, MAX_MENU_ENTRIES),
      };
    });
  }

  /** Checks the whole chain now; a check already running is shared. */
  verify(): Promise<ActivityCheck> {
    this.#checking ??= this.#verifyOnce().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** The folder of the audit files: an export is never saved there. */
  get directory(): string {
    return this.#files.directory;
  }

  /**
   * Writes every record matching `filters` (and below `beforeSeq`, when given) to `file`,
   * newest first, as stored, with the chain's check: the last one, or a new one when none
   * was made in this run.
   */
  async exportTo(
    file: string,
    filters: ActivityFilters,
    format: ExportFormat,
    beforeSeq?: number,
  ): Promise<number> {
    const check = this.#check ?? (await this.verify());
    const index = await this.#currentIndex();
    this.#leases.set(index, (this.#leases.get(index) ?? 0) + 1);
    try {
      return await writeExportFile(
        file,
        index.scanLines(auditQueryOf(filters), 'newest-first', beforeSeq),
        format,
        verificationLine(check),
      );
    } catch (error) {
      if (error instanceof AuditIndexStaleError) {
        this.#scheduleRebuild();
        throw new AppError(
          'unavailable',
          'The activity log changed while it was being saved. Try the export again.',
        );
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        throw new AppError(
          'unavailable',
          `Airlock could not save the file there (${code}). Choose another place and try again.`,
        );
      }
      throw error;
    } finally {
      this.#release(index);
    }
  }

  /** Stops following and closes the index; queries after this are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poll);
    this.#unsubscribe?.();
    this.#notifier.stop();
    await this.#queue;
    this.#follower?.close();
    this.#follower = undefined;
    if (this.#index) this.#retire(this.#index);
    this.#index = undefined;
  }

  async #currentIndex(): Promise<AuditIndex> {
    if (this.#closed) throw stopping();
    await this.#building?.catch(() => undefined);
    if (this.#closed) throw stopping();
    const index = this.#index;
    if (!index) {
      throw new AppError('unavailable', this.#problem ?? UNREADABLE);
    }
    return index;
  }

  /** Runs `read` on the ready index; once more on a fresh one when the files changed under it. */
  async #withIndex<T>(read: (index: AuditIndex) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const index = await this.#currentIndex();
      try {
        return read(index);
      } catch (error) {
        if (error instanceof AuditIndexStaleError && attempt === 0) {
          this.#scheduleRebuild();
          continue;
        }
        if (error instanceof AuditQueryError)
          throw new AppError('invalid_request', plainQueryError(error));
        throw error;
      }
    }
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #rebuild(): void {
    this.#buildQueued = true;
    const building = this.#enqueue(() => {
      this.#buildQueued = false;
      return this.#buildNow();
    });
    this.#building = building;
    building.then(
      () => {
        if (this.#building === building) this.#building = undefined;
      },
      (error: unknown) => {
        if (this.#building === building) this.#building = undefined;
        if (this.#closed) return;
        // The window gets plain words; the cause, with its path and code, goes to diagnostics.
        this.#problem = UNREADABLE;
        this.#log.error(
          `could not read the audit log for the activity viewer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      },
    );
  }

  /** A build already waiting to start will read everything; a running one may not. */
  #scheduleRebuild(): void {
    if (this.#closed || this.#buildQueued) return;
    this.#rebuild();
  }

  async #buildNow(): Promise<void> {
    if (this.#closed) return;
    // Opened first: what is written during the build is read again after it.
    const follower = AuditFollower.atEnd(this.#files);
    let index: AuditIndex;
    try {
      index = await AuditIndex.build(this.#files.chain());
    } catch (error) {
      follower.close();
      throw error;
    }
    if (this.#closed) {
      follower.close();
      index.close();
      return;
    }
    this.#follower?.close();
    this.#follower = follower;
    const previous = this.#index;
    this.#index = index;
    if (previous) this.#retire(previous);
    this.#problem = undefined;
    await this.#catchUpNow().catch((error: unknown) => {
      this.#log.warn(`the activity viewer could not read new audit records: ${String(error)}`);
    });
  }

  #scheduleCatchUp(): void {
    if (this.#closed || this.#catchUpQueued || !this.#index) return;
    this.#catchUpQueued = true;
    void this.#enqueue(async () => {
      this.#catchUpQueued = false;
      await this.#catchUpNow();
    }).catch((error: unknown) => {
      this.#log.warn(`the activity viewer could not read new audit records: ${String(error)}`);
    });
  }

  /** Reads what was appended since the last look into the index. */
  async #catchUpNow(): Promise<void> {
    const index = this.#index;
    const follower = this.#follower;
    if (this.#closed || !index || !follower) return;
    let added = 0;
    let gap = false;
    const result = await follower.read((line, location) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return;
      }
      const fields = indexedFields(json);
      if (!fields) return;
      // A seq beyond the next one: a file rotated in and out between two looks was missed.
      if (index.lastSeq > 0 && fields.seq > index.lastSeq + 1) gap = true;
      if (index.append(json as Parameters<AuditIndex['append']>[0], location)) added++;
    });
    if (added > 0) this.#notifier.add(added, index.lastSeq);
    if (result !== 'ok' || gap) this.#scheduleRebuild();
  }

  async #verifyOnce(): Promise<ActivityCheck> {
    let report: VerifyReport | undefined;
    for (let attempt = 0; attempt < CHECK_ATTEMPTS; attempt++) {
      report = await verifyAuditLog(this.#files.current, this.#macKey);
      // A record written while the check read the files looks like a cut-off end for a moment.
      if (!mayBeInFlight(report)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const check = describeCheck(report as VerifyReport, new Date());
    this.#check = check;
    return check;
  }

  /** Closes an index no query uses any more, once the last export reading it is done. */
  #retire(index: AuditIndex): void {
    if (this.#leases.has(index)) this.#retired.add(index);
    else index.close();
  }

  #release(index: AuditIndex): void {
    const left = (this.#leases.get(index) ?? 1) - 1;
    if (left > 0) {
      this.#leases.set(index, left);
      return;
    }
    this.#leases.delete(index);
    if (this.#retired.delete(index)) index.close();
  }
}

/** A cursor the engine places by seq: the records older than `seq`, newest first. */
function seqCursor(beforeSeq: number | undefined): string | undefined {
  return beforeSeq === undefined ? undefined : encodeCursor({ row: 0, seq: beforeSeq });
}

function stopping(): AppError {
  return new AppError('unavailable', 'Airlock is stopping; the activity log is closed.');
}

function plainQueryError(error: AuditQueryError): string {
  if (error.field === 'cursor')
    return 'This part of the list is out of date. Search again to see the latest records.';
  return `The search could not be run: ${error.message}`;
}
