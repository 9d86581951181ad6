import { recordsWords, seqWords } from '../core/audit/record-words.ts';
import type { MacRun } from '../core/audit/verify/mac-runs.ts';
import type { VerifyReport } from '../core/audit/verify.ts';

/**
 * What `airlock audit verify` prints: the verdict, then what the log can and cannot prove
 * (which records are keyed, whether the keychain's anchor was met), then any warnings. It
 * says "Anchored" and "every record" only when they are true.
 */
export function describeReport(report: VerifyReport): string {
  const lines = [verdict(report)];
  const keyed = keyedLine(report);
  if (keyed) lines.push(`  ${keyed}`);
  lines.push(`  ${anchorLine(report)}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning.message}`);
  for (const recovery of report.recoveries)
    lines.push(`  note: record ${recovery.seq}: ${recovery.reason ?? 'recovery'}`);
  return lines.join('\n');
}

function verdict(report: VerifyReport): string {
  const problem = report.firstProblem;
  if (problem) {
    const where = `${problem.file}${problem.line ? ` line ${problem.line}` : ''}`;
    return `FAILED: ${problem.message}\n  first bad record: ${problem.seq ?? '?'} in ${where}`;
  }
  if (report.repairableTail) {
    return (
      `TORN TAIL: ${report.repairableTail.message}\n` +
      '  Every earlier record verifies. The next start of Airlock sets the tail aside and continues the chain.'
    );
  }
  const records = report.records === 1 ? '1 record' : `${seqWords(report.records)} records`;
  return `OK: ${records} in ${report.files.length} file(s) verify; the chain is intact.`;
}

function keyedLine(report: VerifyReport): string | undefined {
  const runs = report.macRuns;
  if (runs.length === 0) return undefined;
  const keyed = runs.filter((run) => run.keyed);
  const checked = report.macChecked
    ? 'checked against the keychain'
    : 'not checked: no audit key from the keychain here';
  if (keyed.length === 0)
    return 'Not keyed: no record carries a keyed MAC (written without the keychain); hashes and order were checked.';
  if (keyed.length === runs.length) return `Keyed: every record carries a keyed MAC, ${checked}.`;
  const unkeyed = runs.filter((run) => !run.keyed);
  return `Keyed MAC on ${runsWords(keyed)} (${checked}); none on ${runsWords(unkeyed)}.`;
}

function anchorLine(report: VerifyReport): string {
  const anchor = report.anchor;
  switch (anchor.state) {
    case 'matched':
      return `Anchored: the log reaches record ${seqWords(anchor.seq)}, as the keychain's anchor says, so a cut-off end or a deleted log would show.`;
    case 'none':
      return 'Not anchored yet: the keychain holds no anchor for this log, so deleting the whole log would not show.';
    case 'unavailable':
      return `Not anchored: deleting the whole log would not show (no keychain: ${anchor.reason}).`;
    case 'failed':
      return `Not anchored: the log does not match the keychain's anchor (record ${seqWords(anchor.seq)}).`;
    case 'unconfirmed':
      return `Not anchored: the keychain's anchor (record ${seqWords(anchor.seq)}) could not be compared with the log.`;
  }
}

function runsWords(runs: readonly MacRun[]): string {
  const words = runs.map((run) => recordsWords(run.from, run.to).replace(/^records? /, ''));
  const list =
    words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
  return `${runs.length === 1 && runs[0]?.from === runs[0]?.to ? 'record' : 'records'} ${list}`;
}
