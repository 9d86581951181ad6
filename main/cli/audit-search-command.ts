import { AuditFiles } from '../core/audit/audit-files.ts';
import { loadAuditKey } from '../core/audit/audit-key.ts';
import { readAnchor } from '../core/audit/head-anchor.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import type { AuditRecord } from '../core/audit/audit-record.ts';
import { AuditIndex } from '../core/audit/search/audit-index.ts';
import { AuditQueryError, type AuditQuery } from '../core/audit/search/audit-query.ts';
import { askedPaths } from '../core/audit/search/asked-paths.ts';
import { exportAudit } from '../core/audit/search/export.ts';
import { parseSearchTime, SEARCH_TIME_FORMS } from '../core/audit/search/search-time.ts';
import { verifyAuditLog } from '../core/audit/verify.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import { dataDirToRead } from './data-dir-to-read.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';
import { isCallOutcome } from '../../preload/contract/vocabulary.ts';

/** `airlock audit search`: filters the audit log, newest first, or exports the filtered view. */
export async function auditSearchCommand(args: readonly string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    text: { type: 'string' },
    tool: { type: 'string' },
    client: { type: 'string' },
    outcome: { type: 'string' },
    workspace: { type: 'string' },
    'path-prefix': { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
    json: { type: 'boolean' },
    export: { type: 'string' },
    'audit-log': { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError('--limit must be a whole number of 1 or more.');
  if (values.outcome !== undefined && !isCallOutcome(values.outcome)) {
    throw new UsageError('--outcome must be ok, denied or error.');
  }
  if (values.export !== undefined && values.export !== 'jsonl' && values.export !== 'csv') {
    throw new UsageError('--export must be jsonl or csv.');
  }
  const query: AuditQuery = {
    ...(values.text ? { text: values.text } : {}),
    ...(values.tool ? { tool: values.tool } : {}),
    ...(values.client ? { client: values.client } : {}),
    ...(values.outcome ? { outcome: values.outcome as AuditQuery['outcome'] } : {}),
    ...(values.workspace ? { workspace: values.workspace } : {}),
    ...(values['path-prefix'] ? { pathPrefix: values['path-prefix'] } : {}),
    ...(values.since ? { since: timeFlag('since', values.since) } : {}),
    ...(values.until ? { until: timeFlag('until', values.until) } : {}),
    ...(limit ? { limit } : {}),
    ...(values.cursor ? { cursor: values.cursor } : {}),
  };
  const file = auditLogPath(values['audit-log'], await dataDirToRead(values['data-dir']));
  const index = await AuditIndex.build(new AuditFiles(file).chain());
  try {
    if (values.export) {
      const key = await loadAuditKey({ service: keychainService(), create: false });
      const report = await verifyAuditLog(file, key.key, await readAnchor(key, file));
      const status = report.firstProblem
        ? `FAILED: ${report.firstProblem.message}`
        : report.repairableTail
          ? `torn tail: ${report.repairableTail.message}`
          : report.absent
            ? `no log at ${file}: nothing was checked`
            : `ok (${report.records} records, chain intact${report.anchored ? ', anchored' : ''})`;
      const lines = index.scanLines(query);
      await exportAudit(limit === undefined ? lines : take(lines, limit), process.stdout, {
        format: values.export,
        verification: status,
        end: false,
      });
      return;
    }
    const page = index.query(query);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      page.records.map(describeRecord).join('\n') + (page.records.length ? '\n' : ''),
    );
    const more = page.nextCursor ? ` More: --cursor ${page.nextCursor}` : '';
    process.stdout.write(
      `${page.records.length} of ${page.totalMatched ?? '?'} matching records.${more}\n`,
    );
  } catch (error) {
    if (error instanceof AuditQueryError) throw new UsageError(error.message);
    throw error;
  } finally {
    index.close();
  }
}

function describeRecord(record: AuditRecord): string {
  const who = [record.client, record.keyName ? `key ${record.keyName}` : undefined]
    .filter(Boolean)
    .join(', ');
  const what = record.tool ?? record.event;
  // A refused call reached no real path; what it asked for is what the person wants to see.
  const where = (record.paths?.length ? record.paths : askedPaths(record.args)).join(' ');
  const why = record.reason ? ` — ${record.reason}` : '';
  return `${record.seq}\t${record.ts}\t${record.outcome}\t${what}\t${who}\t${where}${why}`;
}

function timeFlag(name: 'since' | 'until', text: string): number {
  const ms = parseSearchTime(text);
  if (ms === undefined)
    throw new UsageError(`--${name} takes ${SEARCH_TIME_FORMS}, not "${text}".`);
  return ms;
}

/** The first `count` items: an export keeps to --limit as a page does. */
function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}
