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
import { AuditFiles } from './audit-files.ts';
import { HeadWriter, headMac, readHead } from './audit-head.ts';
import { acquireAuditLock } from './audit-lock.ts';
import { GENESIS_HASH, type AuditEntry, type AuditRecord } from './audit-record.ts';
import type { AuditSettings } from './audit-settings.ts';
import { readAuditTail } from './audit-tail.ts';
import { chainHash, chainMac, recordLine } from './chain.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Appends records to the hash chain, synchronously: when `append` returns, the line is in
 * the file (and, with fsync "always", on the disk). Rotates by size and age, and deletes
 * rotated files only once they are older than the retention period.
 */
export class AuditWriter {
  readonly files: AuditFiles;
  private readonly settings: AuditSettings;
  private readonly macKey: Uint8Array | undefined;
  private readonly releaseLock: () => void;
  private readonly head: HeadWriter;
  private fd: number;
  private size: number;
  private fileStartedAt: number;
  private lastSeq: number;
  private lastHash: string;
  private dirty = false;
  private readonly flushTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(files: AuditFiles, settings: AuditSettings, macKey: Uint8Array | undefined) {
    this.files = files;
    this.settings = settings;
    this.macKey = macKey;
    mkdirSync(files.directory, { recursive: true, mode: 0o700 });
    this.releaseLock = acquireAuditLock(files.lock, files.current);
    try {
      const recovered = this.recoverTail();
      this.lastSeq = recovered.seq;
      this.lastHash = recovered.hash;
      this.fd = openSync(files.current, 'a', 0o600);
      this.size = fstatSync(this.fd).size;
      this.fileStartedAt = recovered.fileStartedAt;
      this.head = new HeadWriter(files.head);
      const pending = recovered.notices;
      for (const notice of pending) this.append(notice);
      if (pending.length === 0) this.writeHead();
    } catch (error) {
      this.releaseLock();
      throw error;
    }
    this.flushTimer =
      settings.fsync === 'interval'
        ? setInterval(() => this.flush(), settings.fsyncIntervalMs).unref()
        : undefined;
  }

  static open(current: string, settings: AuditSettings, macKey?: Uint8Array): AuditWriter {
    return new AuditWriter(new AuditFiles(current), settings, macKey);
  }

  get sequence(): number {
    return this.lastSeq;
  }

  get anchored(): boolean {
    return this.macKey !== undefined;
  }

  /** Numbers, stamps, chains and writes one record; returns it as written. */
  append(entry: AuditEntry, now: Date = new Date()): AuditRecord {
    if (this.closed) throw new Error('The audit log is closed.');
    const unsigned = {
      ...entry,
      seq: this.lastSeq + 1,
      ts: now.toISOString(),
      prev: this.lastHash,
    };
    const hash = chainHash(unsigned);
    const record: AuditRecord = {
      ...unsigned,
      hash,
      ...(this.macKey ? { mac: chainMac(this.macKey, hash) } : {}),
    };
    const line = Buffer.from(recordLine(record), 'utf8');
    if (this.shouldRotate(line.length, now.getTime())) this.rotate(now);
    if (this.size === 0) this.fileStartedAt = now.getTime();
    writeAll(this.fd, line);
    this.size += line.length;
    this.lastSeq = record.seq;
    this.lastHash = hash;
    this.writeHead();
    if (this.settings.fsync === 'always') this.flush();
    else this.dirty = true;
    return record;
  }

  flush(): void {
    if (this.closed) return;
    fsyncSync(this.fd);
    this.head.sync();
    this.dirty = false;
  }

  close(): void {
    if (this.closed) return;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.dirty) this.flush();
    this.closed = true;
    closeSync(this.fd);
    this.head.close();
    this.releaseLock();
  }

  private writeHead(): void {
    const mac = this.macKey ? headMac(this.macKey, this.lastSeq, this.lastHash) : undefined;
    this.head.write({ seq: this.lastSeq, hash: this.lastHash, ...(mac ? { mac } : {}) });
  }

  private shouldRotate(lineBytes: number, nowMs: number): boolean {
    if (this.size === 0) return false;
    if (this.size + lineBytes > this.settings.rotateBytes) return true;
    return nowMs - this.fileStartedAt > this.settings.rotateAgeDays * DAY_MS;
  }

  private rotate(now: Date): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.files.current, this.files.freeRotatedName(now));
    this.fd = openSync(this.files.current, 'a', 0o600);
    this.size = 0;
    this.fileStartedAt = now.getTime();
    this.deleteExpired(now.getTime());
  }

  private deleteExpired(nowMs: number): void {
    const cutoff = nowMs - this.settings.retentionDays * DAY_MS;
    for (const file of this.files.rotated()) {
      // A file's modification time is when its newest record was written.
      if (statSync(file).mtimeMs < cutoff) unlinkSync(file);
    }
  }

  /**
   * Continues the chain from the last sound record. A torn last line is copied aside and cut
   * off, and the chain records that it happened, so nothing is repaired silently.
   */
  private recoverTail(): {
    seq: number;
    hash: string;
    fileStartedAt: number;
    notices: AuditEntry[];
  } {
    const notices: AuditEntry[] = [];
    let tail = readAuditTail(this.files.current);
    if (tail.tornFrom !== undefined) {
      const aside = this.files.tornName(new Date());
      const fd = openSync(this.files.current, 'r+');
      const tornBytes = fstatSync(fd).size - tail.tornFrom;
      const torn = Buffer.alloc(tornBytes);
      readSync(fd, torn, 0, tornBytes, tail.tornFrom);
      writeFileSync(aside, torn, { mode: 0o600, flag: 'wx' });
      ftruncateSync(fd, tail.tornFrom);
      fsyncSync(fd);
      closeSync(fd);
      notices.push({
        event: 'audit_recovery',
        outcome: 'error',
        reason:
          tail.tornReason === 'unsound'
            ? 'last record failed its hash; set aside'
            : 'torn last line set aside',
        detail: { kind: tail.tornReason ?? 'incomplete', setAsideFile: aside, tornBytes },
      });
      tail = readAuditTail(this.files.current);
    }
    let last = tail.last;
    if (!last && tail.size === 0) {
      const previous = this.files.rotated().at(-1);
      last = previous ? readAuditTail(previous).last : undefined;
    }
    const seq = last?.seq ?? 0;
    const headRecord = readHead(this.files.head);
    if (headRecord && headRecord.seq > seq) {
      notices.push({
        event: 'audit_recovery',
        outcome: 'error',
        reason: 'log ends before its head: records were removed',
        detail: { kind: 'truncated', headSeq: headRecord.seq, lastSeq: seq },
      });
    }
    return {
      seq,
      hash: last?.hash ?? GENESIS_HASH,
      fileStartedAt: tail.first ? Date.parse(tail.first.ts) : Date.now(),
      notices,
    };
  }
}

function writeAll(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written);
}
