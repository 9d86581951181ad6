import { AuditRecordSchema, GENESIS_HASH, type AuditRecord } from '../audit-record.ts';
import { chainHash, chainMac } from '../chain.ts';
import { MacRuns } from './mac-runs.ts';
import type { VerifyProblem } from './verify-report.ts';

/** What the walk has seen so far, oldest record first. */
export class ChainState {
  records = 0;
  firstSeq: number | undefined;
  lastSeq = 0;
  lastHash: string | undefined;
  readonly macs = new MacRuns();
  readonly recoveries: AuditRecord[] = [];
  /** The record the keychain's anchor names, and its hash once the walk has passed it. */
  readonly watchSeq: number | undefined;
  watchedHash: string | undefined;

  constructor(watchSeq: number | undefined) {
    this.watchSeq = watchSeq;
  }
}

/** Checks one line against the chain so far, and adds it to the state when it is sound. */
export function checkLine(
  line: string,
  file: string,
  lineNumber: number,
  state: ChainState,
  macKey: Uint8Array | undefined,
): VerifyProblem | undefined {
  const at = { file, line: lineNumber };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return {
      ...at,
      kind: 'unparsable',
      message: `Line ${lineNumber} of ${file} is not a JSON record.`,
    };
  }
  const parsed = AuditRecordSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ...at,
      kind: 'unparsable',
      message: `Line ${lineNumber} of ${file} is not an audit record.`,
    };
  }
  const record = parsed.data;
  const problem = chainProblem(record, { ...at, seq: record.seq }, state, macKey);
  if (problem) return problem;
  state.macs.add(record.seq, record.mac !== undefined);
  if (record.event === 'audit_recovery') state.recoveries.push(record);
  if (record.seq === state.watchSeq) state.watchedHash = record.hash;
  state.records += 1;
  state.firstSeq ??= record.seq;
  state.lastSeq = record.seq;
  state.lastHash = record.hash;
  return undefined;
}

function chainProblem(
  record: AuditRecord,
  where: { file: string; line: number; seq: number },
  state: ChainState,
  macKey: Uint8Array | undefined,
): VerifyProblem | undefined {
  const lineNumber = where.line;
  if (chainHash(record) !== record.hash) {
    return {
      ...where,
      kind: 'bad_hash',
      message: `Record ${record.seq} (line ${lineNumber}) was changed after it was written.`,
    };
  }
  if (state.lastHash === undefined) {
    // The oldest surviving record: retention may have deleted what came before it.
    if (record.seq === 1 && record.prev !== GENESIS_HASH) {
      return { ...where, kind: 'bad_prev', message: 'The first record does not start the chain.' };
    }
  } else {
    if (record.seq !== state.lastSeq + 1) {
      return {
        ...where,
        kind: 'bad_seq',
        message: `Record ${record.seq} (line ${lineNumber}) follows record ${state.lastSeq}: records are missing or out of order.`,
      };
    }
    if (record.prev !== state.lastHash) {
      return {
        ...where,
        kind: 'bad_prev',
        message: `Record ${record.seq} (line ${lineNumber}) does not follow the record before it.`,
      };
    }
  }
  // A record without a MAC is not wrong in itself: Airlock writes none when it runs without
  // the keychain. What such records can and cannot prove is reported, not failed.
  if (macKey && record.mac !== undefined && record.mac !== chainMac(macKey, record.hash)) {
    return {
      ...where,
      kind: 'bad_mac',
      message: `Record ${record.seq} (line ${lineNumber}) was not written by Airlock: its MAC is wrong.`,
    };
  }
  return undefined;
}
