import type { ActivityCheck } from '../../../../preload/contract/activity-views.ts';
import type { ProblemKind, VerifyProblem, VerifyReport } from '../../audit/verify.ts';
import { anchorSentence, signatureSentence, unsignedAdvice } from './activity-trust-words.ts';

const count = new Intl.NumberFormat('en-US');

const BEFORE_HOLDS =
  'The records before that point are as Airlock wrote them; from there on they cannot be trusted.';
/** Where the damage reaches back to the start of the log, nothing before it can be vouched for. */
const WHAT_STILL_HOLDS: Partial<Record<ProblemKind, string>> = {
  anchor_mismatch: 'None of the records up to that point can be trusted.',
  log_deleted: 'Nothing of the old log is left to trust.',
};

/** What the verifier found, in the words the window shows: what it means, and what to do. */
export function describeCheck(report: VerifyReport, checkedAt: Date): ActivityCheck {
  const base = {
    checked: report.records,
    lastSeq: report.lastSeq,
    checkedAt: checkedAt.toISOString(),
    anchored: report.anchored,
  };
  const problem = report.firstProblem;
  if (problem) {
    return {
      ...base,
      state: 'broken',
      message: `The activity log was changed outside Airlock. ${whatWasFound(problem)}`,
      advice:
        `${WHAT_STILL_HOLDS[problem.kind] ?? BEFORE_HOLDS} Keep a copy of the log folder as it is ` +
        'now, in case you need it later. If you did not change the log yourself, someone or ' +
        'something with access to this computer may have. Airlock keeps recording new activity ' +
        'either way.',
      firstProblem: {
        kind: problem.kind,
        file: problem.file,
        ...(problem.line !== undefined ? { line: problem.line } : {}),
        ...(problem.seq !== undefined ? { seq: problem.seq } : {}),
        message: problem.message,
      },
    };
  }
  if (report.repairableTail) {
    return {
      ...base,
      state: 'repairable',
      message:
        'The activity log is intact, except for its last record, whose writing was ' +
        'interrupted (for example by a crash or a power cut).',
      advice:
        'Nothing needs to be done: Airlock sets the unfinished record aside the next time it ' +
        'writes, and notes that it did.',
    };
  }
  if (report.absent) {
    return {
      ...base,
      state: 'broken',
      message: `There is no activity log at ${report.files.at(-1) ?? 'its place'}: neither the log nor the file that marks its end exists.`,
      advice:
        'Without the system keychain Airlock keeps no note of the log outside its folder, so it ' +
        'cannot tell whether the log was deleted. Airlock starts a new log when it next records activity.',
    };
  }
  const trust = anchorSentence(report.anchor);
  const advice = unsignedAdvice(report);
  if (report.records === 0) {
    return {
      ...base,
      state: 'intact',
      message: `The activity log is empty: nothing to check yet.${trust}`,
    };
  }
  const records =
    report.records === 1 ? 'its one record is' : `all ${count.format(report.records)} records are`;
  // "As Airlock wrote them" only when every record's signature proves it.
  const allSigned =
    report.macChecked && report.macRuns.every((run) => run.keyed)
      ? 'exactly as Airlock wrote them'
      : 'in order and unchanged';
  return {
    ...base,
    state: 'intact',
    message: `The activity log is intact: ${records} ${allSigned}.${signatureSentence(report)}${trust}`,
    ...(advice ? { advice } : {}),
  };
}

/** The kinds of problem a live log can show for a moment, while a record is being added. */
export function mayBeInFlight(report: VerifyReport): boolean {
  const kind = report.firstProblem?.kind;
  return report.repairableTail !== undefined || kind === 'truncated' || kind === 'bad_head';
}

const WHAT: Record<ProblemKind, (at: string) => string> = {
  unparsable: (at) => `${at} is not a record Airlock wrote.`,
  bad_hash: (at) => `${at} was changed after Airlock wrote it.`,
  bad_prev: (at) => `Records are missing or were reordered just before ${lower(at)}.`,
  bad_seq: (at) => `Records are missing or were reordered just before ${lower(at)}.`,
  bad_mac: (at) => `${at} was not written by Airlock: its signature does not match.`,
  truncated: () => 'Its end was cut off: the last records Airlock wrote are missing.',
  log_deleted: () => 'It was deleted: the records Airlock had written to it are gone.',
  anchor_mismatch: (at) =>
    `${at} is not the one Airlock wrote: the log was rewritten up to there, and the records before it cannot be trusted either.`,
  bad_head: () => 'The file that marks where the log ends does not match the log.',
  tampering_recorded: (at) =>
    `When Airlock opened the log it found it damaged, and noted this in ${lower(at)}.`,
};

function whatWasFound(problem: VerifyProblem): string {
  const at =
    problem.seq !== undefined
      ? `Record ${count.format(problem.seq)}`
      : problem.line !== undefined
        ? `Line ${count.format(problem.line)} of the log`
        : 'A part of the log';
  return WHAT[problem.kind](at);
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
