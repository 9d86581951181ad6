import { loadAuditKey } from '../core/audit/audit-key.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { verifyAuditLog, type VerifyReport } from '../core/audit/verify.ts';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';

/** Exit codes of `airlock audit verify`: scripts may tell a repairable tail from tampering. */
export const VERIFY_EXIT = { ok: 0, broken: 1, repairableTail: 3 } as const;

export async function auditCommand(args: readonly string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify':
      return verifyCommand(rest);
    case 'search':
      return (await import('./audit-search-command.ts')).auditSearchCommand(rest);
    default:
      throw new UsageError(
        `Unknown audit command "${sub ?? ''}". Use "airlock audit verify" or "airlock audit search".`,
      );
  }
}

async function verifyCommand(args: readonly string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    'audit-log': { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = auditLogPath(values['audit-log'], chooseDataDir(values['data-dir']));
  const key = await loadAuditKey({ service: keychainService(), create: false });
  const report = await verifyAuditLog(file, key.key);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${describeReport(report, key.key ? undefined : key.reason)}\n`);
  process.exitCode = report.firstProblem
    ? VERIFY_EXIT.broken
    : report.repairableTail
      ? VERIFY_EXIT.repairableTail
      : VERIFY_EXIT.ok;
}

export function describeReport(report: VerifyReport, unanchoredReason?: string): string {
  const lines: string[] = [];
  if (report.firstProblem) {
    lines.push(`FAILED: ${report.firstProblem.message}`);
    lines.push(
      `  first bad record: ${report.firstProblem.seq ?? '?'} in ${report.firstProblem.file}${report.firstProblem.line ? ` line ${report.firstProblem.line}` : ''}`,
    );
  } else if (report.repairableTail) {
    lines.push(`TORN TAIL: ${report.repairableTail.message}`);
    lines.push(
      '  Every earlier record verifies. The next start of Airlock sets the tail aside and continues the chain.',
    );
  } else {
    lines.push(
      `OK: ${report.records} records in ${report.files.length} file(s) verify; the chain is intact.`,
    );
  }
  lines.push(
    report.anchored
      ? '  Anchored: every record carries a keyed MAC checked against the keychain.'
      : `  Not anchored with a keyed MAC (${unanchoredReason ?? 'no key'}): hashes and order were checked.`,
  );
  for (const recovery of report.recoveries)
    lines.push(`  note: record ${recovery.seq}: ${recovery.reason ?? 'recovery'}`);
  return lines.join('\n');
}
