import Transport from 'winston-transport';
import type { AuditEntry, AuditRecord } from './audit-record.ts';
import type { AuditWriter } from './audit-writer.ts';

/** The shape a log call carries to the audit transport. */
export interface AuditLogInfo {
  readonly level: string;
  readonly message: string;
  readonly entry: AuditEntry;
  readonly onWritten: (record: AuditRecord) => void;
  readonly onFailed: (error: Error) => void;
}

/**
 * A winston transport that appends each record synchronously through the chain writer.
 * winston's stock File transport buffers in a stream and has lost lines on exit, which an
 * audit trail cannot afford.
 */
export class SynchronousAuditTransport extends Transport {
  private readonly writer: AuditWriter;

  constructor(writer: AuditWriter) {
    super({ level: 'info' });
    this.writer = writer;
  }

  override log(info: AuditLogInfo, next: () => void): void {
    try {
      info.onWritten(this.writer.append(info.entry));
    } catch (error) {
      info.onFailed(error instanceof Error ? error : new Error(String(error)));
    }
    next();
  }
}
