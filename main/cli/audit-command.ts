import { loadAuditKey } from '../core/audit/audit-key.ts';
import { readAnchor } from '../core/audit/head-anchor.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { verifyAuditLog, type VerifyReport } from '../core/audit/verify.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import { dataDirToRead } from './data-dir-to-read.ts';
import { CommandError } from './command-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { UsageError } from './usage-error.ts';
import { describeReport } from './verify-report-text.ts';

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
  const file = auditLogPath(values['audit-log'], await dataDirToRead(values['data-dir']));
  const key = await loadAuditKey({ service: keychainService(), create: false });
  const report = await verifyAuditLog(file, key.key, await readAnchor(key, file));
  // Nothing there, and nothing says something was: most likely a mistyped path.
  if (report.absent && !report.firstProblem) throw new CommandError(absentMessage(file, report));
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${describeReport(report)}\n`);
  process.exitCode = report.firstProblem
    ? VERIFY_EXIT.broken
    : report.repairableTail
      ? VERIFY_EXIT.repairableTail
      : VERIFY_EXIT.ok;
}

function absentMessage(file: string, report: VerifyReport): string {
  const unanchored =
    report.anchor.state === 'unavailable'
      ? ' Without the keychain a deleted log looks the same: it was not anchored.'
      : '';
  return `No audit log at ${file}: neither it nor its head file exists. Check --data-dir or --audit-log.${unanchored}`;
}
