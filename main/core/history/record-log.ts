import { randomBytes } from 'node:crypto';
import {
  close as closeCallback,
  closeSync,
  constants,
  open as openCallback,
  openSync,
  write as writeCallback,
  writeSync,
} from 'node:fs';
import { open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isProcessRunning } from '../platform/process-running.ts';
import { syncFolder } from './durable-file.ts';
import type { HistoryIo } from './history-io.ts';

/**
 * The record log: how a change's record reaches the disk before its change, for the cost
 * of one append and one data flush. Each process appends the records it begins to a log
 * file of its own, `history/journals/<pid>-<token>.log`, one JSON line each, and flushes it
 * (fdatasync: the file already exists, so neither a new file nor a folder needs flushing)
 * alongside the change's own new content. Flushes asked for together are made as one.
 *
 * A record's own file, `changes/<id>.json`, is written when the change is finished, without
 * a flush: the log keeps the record safe until that file is on the disk. A log is retired
 * (its records' files flushed, then the log removed) once it is full and none of its
 * changes is still being made; the log of a process that ended is retired by the next
 * journal to open (recover-pending.ts), which first writes, flushed, each record whose own
 * file a crash lost, so that record can be resolved as any change left pending.
 */

/** Lines a log takes before the next change starts a new one. */
const LINES_PER_LOG = 512;

/** Empty record files kept ready (writeRecordFile). */
const SPARES = 8;

/** This process's token: a log of this pid with another token was left by an earlier process. */
const PROCESS_TOKEN = randomBytes(4).toString('hex');

const LOG_NAME = /^(\d+)-([0-9a-f]+)\.log$/;
const SPARE_NAME = /^(\d+)-([0-9a-f]+)-\d+\.spare$/;
const CREATE_LOG = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL;
const READ_OWN = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
/** Held open to take a record's first line, then its updates, at its end. */
const CREATE_SPARE = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL;

interface OpenLog {
  readonly file: string;
  readonly fd: number;
  lines: number;
  /** Changes begun in this log and not finished or abandoned yet. */
  readonly open: Set<string>;
  /** Changes begun in this log, whose record files are flushed when it is retired. */
  readonly ids: string[];
  /** A flush asked for and not begun: appends made until it begins are covered by it. */
  next: Promise<void> | undefined;
  /** The flushes of this log, one after another. */
  chain: Promise<void>;
}

export class RecordLog {
  readonly folder: string;
  private readonly recordPath: (id: string) => string;
  private readonly changesFolder: string;
  private readonly io: HistoryIo;
  private current: OpenLog | undefined;
  private opening: Promise<OpenLog> | undefined;
  /** Full logs waiting for their last changes to end before they are retired. */
  private readonly full = new Set<OpenLog>();
  /** Empty files made ahead and held open, each to become a record's own file. */
  private readonly spares: Array<{ readonly file: string; readonly fd: number }> = [];
  private refilling: Promise<void> | undefined;
  private sparesMade = 0;

  constructor(
    folder: string,
    changesFolder: string,
    recordPath: (id: string) => string,
    io: HistoryIo,
  ) {
    this.folder = folder;
    this.changesFolder = changesFolder;
    this.recordPath = recordPath;
    this.io = io;
  }

  /**
   * Appends the record `line` of change `id`, and gives `flush`, which flushes the log (once
   * for every line written before the flush begins) and settles once the line is on the
   * disk. Returns once the line is written. The flush is asked for only when the change is
   * about to be made: asked for together with the change's own content's flush, the file
   * system makes both in one commit of its journal.
   */
  async append(id: string, line: string): Promise<{ readonly flush: () => Promise<void> }> {
    const log = await this.logForNext();
    log.lines += 1;
    log.open.add(id);
    log.ids.push(id);
    try {
      await this.write(log.fd, line);
    } catch (error) {
      this.close(id);
      throw error;
    }
    return { flush: () => this.flush(log) };
  }

  /**
   * Writes a record's own file, `file`, with `text`, never over another file, and gives
   * its descriptor, open to append the record's updates, for the caller to close. It takes
   * one of the empty files made ahead when there is one: a new file costs an inode, and
   * right after a flush (the previous change's) the file system makes a new inode wait for
   * its journal, several times longer than a link. The spares are made again between
   * changes, on the thread pool.
   */
  async writeRecordFile(file: string, text: string): Promise<number> {
    const spare = this.spares.pop();
    if (spare) {
      let taken = false;
      try {
        await this.io.writeTo(spare.fd, text);
        // Named once whole; never over another file (EEXIST: that id has a record).
        await this.io.link(spare.file, file);
        taken = true;
      } catch (error) {
        // ENOENT: the spare was swept away meanwhile; a new file is made instead.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          await this.io.close(spare.fd).catch(() => undefined);
          await this.io.unlink(spare.file).catch(() => undefined);
          throw error;
        }
      }
      await this.io.unlink(spare.file).catch(() => undefined);
      if (taken) return spare.fd;
      await this.io.close(spare.fd).catch(() => undefined);
    }
    return this.io.createWith(file, text);
  }

  /** Makes spare files up to SPARES, one batch at a time, off the caller's way. */
  private refill(): void {
    if (this.refilling || this.spares.length >= SPARES / 2) return;
    this.refilling = (async () => {
      while (this.spares.length < SPARES) {
        this.sparesMade += 1;
        // Beside the logs, on history's disk: a link to it can name a record's file.
        const spare = path.join(
          this.folder,
          `${process.pid}-${PROCESS_TOKEN}-${this.sparesMade}.spare`,
        );
        const fd = await new Promise<number>((resolve, reject) =>
          openCallback(spare, CREATE_SPARE, 0o600, (error, opened) =>
            error ? reject(error) : resolve(opened),
          ),
        );
        this.spares.push({ file: spare, fd });
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        this.refilling = undefined;
      });
  }

  /** Change `id`'s record file was appended to: it is flushed when the log in use retires. */
  touch(id: string): void {
    this.current?.ids.push(id);
  }

  /**
   * Change `id` was dropped (abandoned, or pruned) before this process's log retired: a
   * line says so, so that a log left by this process does not bring it back. Not flushed:
   * after a power cut the change comes back as pending, and is resolved by the disk.
   */
  async forget(id: string): Promise<void> {
    this.close(id);
    const log = this.current;
    if (log) await this.write(log.fd, `${JSON.stringify({ forget: id })}\n`).catch(() => undefined);
  }

  /** Change `id` is finished or abandoned: its log no longer waits for it. */
  close(id: string): void {
    // Spares are made between changes, not while one waits on its flush.
    this.refill();
    const log = this.current?.open.has(id)
      ? this.current
      : [...this.full].find((each) => each.open.has(id));
    if (!log) return;
    log.open.delete(id);
    if (log !== this.current && log.open.size === 0) {
      this.full.delete(log);
      void this.retire(log).catch(() => undefined);
    }
  }

  private async logForNext(): Promise<OpenLog> {
    const current = this.current ?? (await (this.opening ??= this.openLog()));
    if (current.lines < LINES_PER_LOG) return current;
    // Full: the next change starts a new log; this one is retired once its changes end.
    if (this.current === current) {
      this.current = undefined;
      this.opening = undefined;
      if (current.open.size === 0) void this.retire(current).catch(() => undefined);
      else this.full.add(current);
    }
    return this.logForNext();
  }

  /** A new log, made durable (file and folder) before any record relies on it. */
  private async openLog(): Promise<OpenLog> {
    const name = `${process.pid}-${PROCESS_TOKEN}${randomBytes(3).toString('hex')}.log`;
    const file = path.join(this.folder, name);
    const fd = await this.create(file);
    await this.io.flush(fd);
    await syncFolder(this.folder, this.io);
    const log: OpenLog = {
      file,
      fd,
      lines: 0,
      open: new Set(),
      ids: [],
      next: undefined,
      chain: Promise.resolve(),
    };
    this.current = log;
    return log;
  }

  /** One flush for every line written before it begins. */
  private flush(log: OpenLog): Promise<void> {
    if (log.next) return log.next;
    const next = log.chain.then(() => {
      log.next = undefined;
      return this.io.flush(log.fd);
    });
    log.next = next;
    log.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Flushes the record file of every change the log began (those still there: an abandoned
   * change has none), then the folder, and only then removes the log.
   */
  private async retire(log: OpenLog): Promise<void> {
    await log.chain;
    await this.closeFd(log.fd);
    await flushRecordFiles(log.ids.map(this.recordPath), this.changesFolder, this.io);
    await unlink(log.file);
  }

  private create(file: string): Promise<number> {
    if (this.io.kind === 'inline') return Promise.resolve(openSync(file, CREATE_LOG, 0o600));
    return new Promise((resolve, reject) =>
      openCallback(file, CREATE_LOG, 0o600, (error, fd) => (error ? reject(error) : resolve(fd))),
    );
  }

  private write(fd: number, text: string): Promise<void> {
    if (this.io.kind === 'inline') {
      writeSync(fd, text);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) =>
      writeCallback(fd, text, (error) => (error ? reject(error) : resolve())),
    );
  }

  private closeFd(fd: number): Promise<void> {
    if (this.io.kind === 'inline') {
      closeSync(fd);
      return Promise.resolve();
    }
    return new Promise((resolve) => closeCallback(fd, () => resolve()));
  }
}

/** Flushes each of `files` that exists, then their folder. */
export async function flushRecordFiles(
  files: readonly string[],
  folder: string,
  io: HistoryIo,
): Promise<void> {
  for (const file of files) {
    const handle = await open(file, READ_OWN).catch(() => undefined);
    if (!handle) continue;
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  await syncFolder(folder, io);
}

/** A log another process left: it ended, or it is this pid's, from before this process. */
export interface LeftLog {
  readonly file: string;
  /** Each line that reads as JSON, in order. */
  readonly lines: readonly unknown[];
}

/** Whether a process that named a file `pid`, `token` has ended. */
function hasEnded(pid: number, token: string): boolean {
  if (pid === process.pid) return !token.startsWith(PROCESS_TOKEN);
  return !isProcessRunning(pid);
}

/** The logs in `folder` whose process no longer runs; the spare files they left go. */
export async function leftLogs(folder: string): Promise<LeftLog[]> {
  const left: LeftLog[] = [];
  for (const name of await readdir(folder).catch(() => [])) {
    const spare = SPARE_NAME.exec(name);
    if (spare && hasEnded(Number(spare[1]), spare[2] ?? '')) {
      await unlink(path.join(folder, name)).catch(() => undefined);
      continue;
    }
    const match = LOG_NAME.exec(name);
    if (!match || !hasEnded(Number(match[1]), match[2] ?? '')) continue;
    const file = path.join(folder, name);
    const text = await readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n').flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as unknown] : [];
      } catch {
        // A line cut off by the crash: its change waited for the flush, so it was never made.
        return [];
      }
    });
    left.push({ file, lines });
  }
  return left;
}
