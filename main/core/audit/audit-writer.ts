import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { fileIdentity } from '../platform/descriptor-io.ts';
import { AnchorKeeper } from './anchor-keeper.ts';
import { AuditFiles } from './audit-files.ts';
import { HeadWriter, headMac, readHead } from './audit-head.ts';
import { acquireFileLock, type HeldFileLock } from '../platform/file-lock.ts';
import { asAuditLockedError } from './audit-locked-error.ts';
import { GENESIS_HASH, type AuditEntry, type AuditRecord } from './audit-record.ts';
import type { AuditSettings } from './audit-settings.ts';
import { readAuditTail } from './audit-tail.ts';
import { canonicalText, chainMac, hashOfCanonical, lineOfCanonical } from './chain.ts';
import { anchorStoreFor, type HeadAnchorStore } from './head-anchor.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Appends keep the lock at most this long in one go, so other processes are not starved. */
const MAX_HOLD_MS = 50;
/** The lock is let go once no append has come for this long. */
const IDLE_RELEASE_MS = 5;

interface ChainEnd {
  readonly seq: number;
  readonly hash: string;
}

/** The lock while this process holds it across a burst, with the chain's end it knows. */
interface Hold {
  readonly lock: HeldFileLock;
  readonly since: number;
  end: ChainEnd;
}

/** The current file as this process has it open. */
interface OpenLog {
  readonly fd: number;
  readonly ino: number;
  size: number;
  /** When the file's first record was written; rotation by age counts from here. */
  startedAt: number | undefined;
}

/**
 * Appends records to the hash chain, synchronously: when `append` returns, the line is in
 * the file (and, with fsync "always", on the disk). Several processes may append to one
 * chain: appends hold the log's lock while they keep coming (let go after 5 ms without one,
 * and at least every 50 ms) and continue from the head file, which names the last record. Rotates by size and age, and deletes
 * rotated files only once they are older than the retention period. With a key from the
 * keychain, the chain's end is also anchored there (see AnchorKeeper).
 */
export class AuditWriter {
  readonly files: AuditFiles;
  private readonly settings: AuditSettings;
  private readonly macKey: Uint8Array | undefined;
  private readonly head: HeadWriter;
  private log: OpenLog | undefined;
  private hold: Hold | undefined;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** Whether the open file was checked against the path since the lock was taken. */
  private logCheckedUnderLock = false;
  private lastEnd: ChainEnd = { seq: 0, hash: GENESIS_HASH };
  private dirty = false;
  private readonly anchorKeeper: AnchorKeeper | undefined;
  private anchorFinished: Promise<void> = Promise.resolve();
  private readonly flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    files: AuditFiles,
    settings: AuditSettings,
    macKey: Uint8Array | undefined,
    anchorStore: HeadAnchorStore | undefined,
  ) {
    this.files = files;
    this.settings = settings;
    this.macKey = macKey;
    mkdirSync(files.directory, { recursive: true, mode: 0o700 });
    this.head = new HeadWriter(files.head);
    // Opening always checks the end against the files, and records any repair it makes.
    this.writeHeld([], new Date(), true);
    this.release();
    this.flushTimer =
      settings.fsync === 'interval'
        ? setInterval(() => this.flush(), settings.fsyncIntervalMs).unref()
        : undefined;
    this.anchorKeeper = anchorStore
      ? new AnchorKeeper(anchorStore, {
          files,
          settledEnd: () => {
            if (this.dirty) this.flush();
            return this.lastEnd;
          },
          record: (entry) => this.recordAnchorFinding(entry),
        })
      : undefined;
  }

  /** A key loaded from the keychain brings the keychain's head anchor with it. */
  static open(current: string, settings: AuditSettings, macKey?: Uint8Array): AuditWriter {
    const files = new AuditFiles(current);
    return new AuditWriter(files, settings, macKey, anchorStoreFor(macKey, files.current));
  }

  /** The seq of the last record this process wrote (or found when it opened the log). */
  get sequence(): number {
    return this.lastEnd.seq;
  }

  /** Whether records carry a keyed MAC. */
  get keyed(): boolean {
    return this.macKey !== undefined;
  }

  /** Resolves once the keychain's anchor names the last record, after close (or the keychain gave up). */
  get anchorSettled(): Promise<void> {
    return this.anchorFinished;
  }

  /** Numbers, stamps, chains and writes one record; returns it as written. */
  append(entry: AuditEntry, now: Date = new Date()): AuditRecord {
    if (this.closed) throw new Error('The audit log is closed.');
    return this.writeHeld([entry], now, false).at(-1) as AuditRecord;
  }

  flush(): void {
    if (this.closed || !this.log) return;
    fsyncSync(this.log.fd);
    this.head.sync();
    this.dirty = false;
  }

  close(): void {
    if (this.closed) return;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.dirty) this.flush();
    this.closed = true;
    this.release();
    if (this.log) closeSync(this.log.fd);
    this.head.close();
    // In the background: a process that simply ends still waits for it.
    if (this.anchorKeeper) this.anchorFinished = this.anchorKeeper.finish();
  }

  /**
   * Appends what the keychain's anchor showed at open. The check may end after a short-lived
   * writer (a CLI command's) has closed: the record is then written by a writer of its own.
   */
  private recordAnchorFinding(entry: AuditEntry): boolean {
    try {
      if (!this.closed) {
        this.append(entry);
        return true;
      }
      const late = new AuditWriter(this.files, this.settings, this.macKey, undefined);
      try {
        const record = late.append(entry);
        this.lastEnd = { seq: record.seq, hash: record.hash };
      } finally {
        late.close();
      }
      return true;
    } catch {
      return false;
    }
  }

  private acquireLock(): HeldFileLock {
    try {
      return acquireFileLock(this.files.lock);
    } catch (error) {
      throw asAuditLockedError(error, this.files.current);
    }
  }

  /** Writes entries under the lock, taking it (and finding the chain's end) when not held. */
  private writeHeld(
    entries: readonly AuditEntry[],
    now: Date,
    forceRepair: boolean,
  ): AuditRecord[] {
    if (this.hold && Date.now() - this.hold.since > MAX_HOLD_MS) this.release();
    const notices: AuditEntry[] = [];
    if (!this.hold) {
      const lock = this.acquireLock();
      try {
        let end = forceRepair || lock.tookOverFromDeadProcess ? undefined : this.trustedHead();
        if (!end) {
          const recovered = this.recoverEnd();
          end = recovered.end;
          notices.push(...recovered.notices);
        }
        this.hold = { lock, since: Date.now(), end };
        this.logCheckedUnderLock = false;
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    // Taking the lock costs more than an append: keep it while appends keep coming.
    if (this.releaseTimer) this.releaseTimer.refresh();
    else this.releaseTimer = setTimeout(() => this.release(), IDLE_RELEASE_MS).unref();
    const hold = this.hold;
    const written: AuditRecord[] = [];
    for (const entry of [...notices, ...entries]) {
      const { record, line } = this.seal(entry, hold.end, now);
      this.writeLine(Buffer.from(line, 'utf8'), now.getTime());
      hold.end = { seq: record.seq, hash: record.hash };
      this.writeHead(hold.end);
      written.push(record);
    }
    if (written.length === 0) this.writeHead(hold.end);
    this.lastEnd = hold.end;
    if (this.settings.fsync === 'always') this.flush();
    else this.dirty = true;
    return written;
  }

  private release(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const hold = this.hold;
    this.hold = undefined;
    hold?.lock.release();
  }

  /** The record, chained and keyed, and its line: the canonical text is made once for both. */
  private seal(entry: AuditEntry, end: ChainEnd, now: Date): { record: AuditRecord; line: string } {
    const unsigned = { ...entry, seq: end.seq + 1, ts: now.toISOString(), prev: end.hash };
    const canonical = canonicalText(unsigned);
    const hash = hashOfCanonical(unsigned.prev, canonical);
    const mac = this.macKey ? chainMac(this.macKey, hash) : undefined;
    return {
      record: { ...unsigned, hash, ...(mac ? { mac } : {}) },
      line: lineOfCanonical(canonical, hash, mac),
    };
  }

  /** The head, when it is whole and (with a key) authentic; otherwise the end is rebuilt. */
  private trustedHead(): ChainEnd | undefined {
    const head = this.head.read();
    if (!head) return undefined;
    if (this.macKey && head.mac !== headMac(this.macKey, head.seq, head.hash)) return undefined;
    return { seq: head.seq, hash: head.hash };
  }

  private writeHead(end: ChainEnd): void {
    const mac = this.macKey ? headMac(this.macKey, end.seq, end.hash) : undefined;
    this.head.write({ seq: end.seq, hash: end.hash, ...(mac ? { mac } : {}) });
  }

  private writeLine(line: Buffer, nowMs: number): void {
    let log = this.currentLog();
    if (this.shouldRotate(log, line.length, nowMs)) {
      this.rotate(nowMs);
      log = this.currentLog();
    }
    let written = 0;
    while (written < line.length)
      written += writeSync(log.fd, line, written, line.length - written);
    log.size += line.length;
    log.startedAt ??= nowMs;
  }

  /** The current file, reopened when another process rotated it since this one last wrote. */
  private currentLog(): OpenLog {
    // While the lock is held no other process can rotate or append, so one check per hold does.
    if (this.log && this.logCheckedUnderLock) return this.log;
    this.logCheckedUnderLock = true;
    const onDisk = fileIdentity(this.files.current);
    if (this.log && onDisk && onDisk.ino === this.log.ino) {
      this.log.size = onDisk.size;
      return this.log;
    }
    if (this.log) closeSync(this.log.fd);
    const fd = openSync(this.files.current, 'a', 0o600);
    const stats = fstatSync(fd);
    const first = stats.size > 0 ? readAuditTail(this.files.current).first : undefined;
    this.log = {
      fd,
      ino: stats.ino,
      size: stats.size,
      startedAt: first ? Date.parse(first.ts) : undefined,
    };
    return this.log;
  }

  private shouldRotate(log: OpenLog, lineBytes: number, nowMs: number): boolean {
    if (log.size === 0) return false;
    if (log.size + lineBytes > this.settings.rotateBytes) return true;
    return (
      log.startedAt !== undefined && nowMs - log.startedAt > this.settings.rotateAgeDays * DAY_MS
    );
  }

  private rotate(nowMs: number): void {
    if (this.log) {
      fsyncSync(this.log.fd);
      closeSync(this.log.fd);
      this.log = undefined;
    }
    renameSync(this.files.current, this.files.freeRotatedName(new Date(nowMs)));
    this.deleteExpired(nowMs);
  }

  private deleteExpired(nowMs: number): void {
    const cutoff = nowMs - this.settings.retentionDays * DAY_MS;
    for (const file of this.files.rotated()) {
      // A file's modification time is when its newest record was written.
      if (statSync(file).mtimeMs < cutoff) unlinkSync(file);
    }
  }

  /**
   * Finds the chain's end from the files themselves, when the head cannot be trusted: at
   * start, or after a process died holding the lock. A torn last line is copied aside and
   * cut off, and the chain records that it happened, so nothing is repaired silently.
   */
  private recoverEnd(): { end: ChainEnd; notices: AuditEntry[] } {
    const notices: AuditEntry[] = [];
    let tail = readAuditTail(this.files.current);
    if (tail.tornFrom !== undefined) {
      notices.push(this.setTornTailAside(tail.tornFrom, tail.tornReason ?? 'incomplete'));
      tail = readAuditTail(this.files.current);
    }
    let last = tail.last;
    if (!last && tail.size === 0) {
      const previous = this.files.rotated().at(-1);
      last = previous ? readAuditTail(previous).last : undefined;
    }
    const seq = last?.seq ?? 0;
    const head = readHead(this.files.head);
    if (head && head.seq > seq) {
      notices.push({
        event: 'audit_recovery',
        outcome: 'error',
        reason: 'log ends before its head: records were removed',
        detail: { kind: 'truncated', headSeq: head.seq, lastSeq: seq },
      });
    }
    return { end: { seq, hash: last?.hash ?? GENESIS_HASH }, notices };
  }

  private setTornTailAside(tornFrom: number, kind: 'incomplete' | 'unsound'): AuditEntry {
    const aside = this.files.tornName(new Date());
    const fd = openSync(this.files.current, 'r+');
    try {
      const tornBytes = fstatSync(fd).size - tornFrom;
      const torn = Buffer.alloc(tornBytes);
      readSync(fd, torn, 0, tornBytes, tornFrom);
      writeFileSync(aside, torn, { mode: 0o600, flag: 'wx' });
      ftruncateSync(fd, tornFrom);
      fsyncSync(fd);
      return {
        event: 'audit_recovery',
        outcome: 'error',
        reason:
          kind === 'unsound'
            ? 'last record failed its hash; set aside'
            : 'torn last line set aside',
        detail: { kind, setAsideFile: aside, tornBytes },
      };
    } finally {
      closeSync(fd);
    }
  }
}
