import winston from 'winston';
import type { AuditEntry, AuditRecord } from './audit-record.ts';
import { SynchronousAuditTransport, type AuditLogInfo } from './audit-transport.ts';
import type { AuditWriter } from './audit-writer.ts';

export type AuditListener = (record: AuditRecord) => void;

/**
 * The audit trail as the rest of Airlock sees it: `record` resolves once the record is in
 * the file, so a caller can hold a call's result until its record is written.
 */
export class AuditLog {
  private readonly logger: winston.Logger;
  private readonly writer: AuditWriter;
  private readonly listeners = new Set<AuditListener>();

  constructor(writer: AuditWriter) {
    this.writer = writer;
    this.logger = winston.createLogger({
      level: 'info',
      // The record is already shaped; winston adds nothing to it.
      format: winston.format((info) => info)(),
      transports: [new SynchronousAuditTransport(writer)],
      exitOnError: false,
    });
  }

  get file(): string {
    return this.writer.files.current;
  }

  /** Whether records carry a keyed MAC. */
  get keyed(): boolean {
    return this.writer.keyed;
  }

  record(entry: AuditEntry): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      const info: AuditLogInfo = {
        level: 'info',
        message: entry.event,
        entry,
        onWritten: (record) => {
          resolve(record);
          for (const listener of this.listeners) listener(record);
        },
        onFailed: reject,
      };
      this.logger.log(info);
    });
  }

  /** Live tail: each record, as soon as it is written. */
  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.logger.close();
    this.writer.close();
  }

  /**
   * Closes, then waits until the keychain's anchor names the last record: for a clean exit,
   * which would otherwise end the process before the keychain has answered.
   */
  async closeAndAnchor(): Promise<void> {
    this.close();
    await this.writer.anchorSettled;
  }
}
