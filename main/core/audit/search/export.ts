import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AuditRecord } from '../audit-record.ts';
import { csvRow } from './csv-cell.ts';
import {
  AUDIT_RECORD_FIELDS,
  type AuditRecordField,
} from '../../../../preload/contract/audit-record-fields.ts';

/**
 * Export of a filtered view of the audit log, streamed to a Writable with backpressure.
 *
 * The verification status (the caller passes it in, e.g. the summary of `airlock audit
 * verify`) and the number of records exported close the export, in the same place in both
 * formats: the LAST line. The first line stays what readers expect there (CSV's header row,
 * JSONL's first record), and a file cut short is visible by its missing last line.
 * - CSV: the header row, one row per record, then one cell,
 *   `# verification: <status>; records: <count>`, quoted when it holds a comma.
 * - JSONL: every record exactly as stored (when given as text), then
 *   `{"verification":"<status>","records":<count>}`.
 */
export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  readonly format: ExportFormat;
  /** The verification status of the log, e.g. `ok (1,000,000 records, chain intact)`. */
  readonly verification: string;
  /** End the stream when done (default true); the promise then waits for it to finish. */
  readonly end?: boolean;
}

export interface ExportSummary {
  readonly records: number;
}

/** Columns of the CSV export, in order: every field of the record but `prev` and `mac`. */
export const CSV_COLUMNS = [
  'seq',
  'ts',
  'event',
  'outcome',
  'client',
  'keyName',
  'transport',
  'tool',
  'workspace',
  'paths',
  'reason',
  'durationMs',
  'bytesIn',
  'bytesOut',
  'correlationId',
  'args',
  'detail',
  'hash',
] as const satisfies readonly AuditRecordField[];

const BATCH_CHARS = 64 * 1024;

/**
 * Writes `records` (objects, or JSONL lines as stored, e.g. from AuditIndex.scanLines) to
 * `out`. Resolves with the number of records once everything is written (and, by default,
 * the stream has finished); rejects if the stream fails.
 */
export async function exportAudit(
  records: Iterable<AuditRecord | string> | AsyncIterable<AuditRecord | string>,
  out: Writable,
  options: ExportOptions,
): Promise<ExportSummary> {
  let failure: unknown;
  const onError = (error: unknown): void => {
    failure ??= error;
  };
  out.on('error', onError);
  try {
    const writer = new BatchWriter(out, () => failure);
    let count = 0;
    if (options.format === 'csv') {
      await writer.write(csvRow(CSV_COLUMNS));
      for await (const item of records) {
        await writer.write(
          csvRecord(typeof item === 'string' ? (JSON.parse(item) as AuditRecord) : item),
        );
        count++;
      }
      await writer.write(
        csvRow([`# verification: ${singleLine(options.verification)}; records: ${count}`]),
      );
    } else {
      for await (const item of records) {
        await writer.write(`${typeof item === 'string' ? oneLine(item) : JSON.stringify(item)}\n`);
        count++;
      }
      await writer.write(
        `${JSON.stringify({ verification: options.verification, records: count })}\n`,
      );
    }
    await writer.flush();
    if (options.end ?? true) {
      out.end();
      if (!out.writableFinished) await settle(out, 'finish');
    }
    if (failure !== undefined) throw failure;
    return { records: count };
  } finally {
    // A stream that failed may still emit its 'error' (on the next tick); the rejection
    // already reports it, so keep listening rather than let it crash the process.
    if (!out.errored) out.off('error', onError);
  }
}

function csvRecord(record: AuditRecord): string {
  return csvRow(CSV_COLUMNS.map((field) => csvValue(field, record[field])));
}

/** Lists and objects as JSON: unambiguous even for a path holding a comma or a newline. */
function csvValue(field: AuditRecordField, value: unknown): unknown {
  const kind = AUDIT_RECORD_FIELDS[field];
  if (value === undefined || (kind !== 'texts' && kind !== 'object')) return value;
  return JSON.stringify(value);
}

/** A stored line goes out byte for byte; it cannot hold a line break. */
function oneLine(line: string): string {
  if (/[\r\n]/.test(line)) throw new TypeError('A JSONL record line cannot contain a line break.');
  return line;
}

/** Control characters cannot add lines to the export (the status is caller text). */
function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/** Collects small writes into ~64 KiB chunks and waits for 'drain' when the stream asks. */
class BatchWriter {
  readonly #out: Writable;
  readonly #failure: () => unknown;
  #parts: string[] = [];
  #size = 0;

  constructor(out: Writable, failure: () => unknown) {
    this.#out = out;
    this.#failure = failure;
  }

  async write(text: string): Promise<void> {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const failure = this.#failure();
    if (failure !== undefined) throw failure;
    if (this.#parts.length === 0) return;
    const chunk = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    if (!this.#out.write(chunk)) await settle(this.#out, 'drain');
  }
}

/**
 * Waits for `event`; fails if the stream errors or closes first (events.once alone would
 * wait forever on a stream destroyed without an error). Listeners are removed either way.
 */
async function settle(out: Writable, event: 'drain' | 'finish'): Promise<void> {
  if (out.errored) throw out.errored;
  if (out.destroyed) throw new Error('The export stream was closed before the export finished.');
  const controller = new AbortController();
  try {
    await Promise.race([
      once(out, event, { signal: controller.signal }),
      once(out, 'close', { signal: controller.signal }).then(() => {
        throw out.errored ?? new Error('The export stream was closed before the export finished.');
      }),
    ]);
  } finally {
    controller.abort();
  }
}
