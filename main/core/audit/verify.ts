import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AuditFiles } from './audit-files.ts';
import { headMac, readHead } from './audit-head.ts';
import { AuditRecordSchema, GENESIS_HASH, type AuditRecord } from './audit-record.ts';
import { chainHash, chainMac } from './chain.ts';

export type ProblemKind =
  | 'unparsable'
  | 'bad_hash'
  | 'bad_prev'
  | 'bad_seq'
  | 'bad_mac'
  | 'missing_mac'
  | 'truncated'
  | 'bad_head'
  | 'tampering_recorded';

export interface VerifyProblem {
  readonly kind: ProblemKind;
  readonly file: string;
  /** 1-based line within `file`, when the problem is a line. */
  readonly line?: number;
  readonly seq?: number;
  readonly message: string;
}

/** A tail the next writer repairs: an interrupted last line, or a last record the head does not yet confirm. */
export interface RepairableTail {
  readonly kind: 'torn_line' | 'unconfirmed_record';
  readonly file: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly files: readonly string[];
  /** Whether MACs were checked against the keychain's audit key. */
  readonly anchored: boolean;
  readonly firstProblem?: VerifyProblem;
  readonly repairableTail?: RepairableTail;
  /** Recoveries the writer recorded (torn tails set aside, truncation found at start). */
  readonly recoveries: readonly AuditRecord[];
  readonly lastSeq: number;
}

interface ChainState {
  records: number;
  lastSeq: number;
  lastHash: string | undefined;
  macSeen: boolean;
  recoveries: AuditRecord[];
}

/**
 * Checks every file of the chain, oldest first, and reports the first record that breaks
 * it: an edited byte, a deleted or reordered line, a cut-off end, or a forged record.
 */
export async function verifyAuditLog(current: string, macKey?: Uint8Array): Promise<VerifyReport> {
  const files = new AuditFiles(current);
  const chain = files.chain();
  const state: ChainState = {
    records: 0,
    lastSeq: 0,
    lastHash: undefined,
    macSeen: false,
    recoveries: [],
  };
  const finish = (extra: Partial<VerifyReport>): VerifyReport => ({
    ok: extra.firstProblem === undefined && extra.repairableTail === undefined,
    records: state.records,
    files: chain,
    anchored: macKey !== undefined,
    recoveries: state.recoveries,
    lastSeq: state.lastSeq,
    ...extra,
  });

  for (const [fileIndex, file] of chain.entries()) {
    const isLastFile = fileIndex === chain.length - 1;
    const outcome = await verifyFile(file, isLastFile, state, macKey);
    if (outcome.problem) return finish({ firstProblem: outcome.problem });
    if (outcome.tornLine) return finish({ repairableTail: outcome.tornLine });
  }

  const recorded = state.recoveries.find((record) => record.detail?.kind !== 'incomplete');
  if (recorded) {
    return finish({
      firstProblem: {
        kind: 'tampering_recorded',
        file: files.current,
        seq: recorded.seq,
        message: `Record ${recorded.seq} says the log was damaged before Airlock started: ${recorded.reason ?? ''}`,
      },
    });
  }
  const headCheck = checkHead(files, state, macKey);
  return finish(headCheck);
}

async function verifyFile(
  file: string,
  isLastFile: boolean,
  state: ChainState,
  macKey: Uint8Array | undefined,
): Promise<{ problem?: VerifyProblem; tornLine?: RepairableTail }> {
  // Asked before the reader starts: readline drops lines it emits while nobody iterates.
  const endsWithNewline = await fileEndsWithNewline(file);
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let pending: string | undefined;
  try {
    for await (const line of lines) {
      if (pending !== undefined) {
        const problem = checkLine(pending, file, lineNumber, state, macKey);
        if (problem) return { problem };
      }
      lineNumber += 1;
      pending = line;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (pending === undefined) return {};
  if (!endsWithNewline && isLastFile) {
    return {
      tornLine: {
        kind: 'torn_line',
        file,
        message: `The last line of ${file} is incomplete (an interrupted write).`,
      },
    };
  }
  const problem = checkLine(pending, file, lineNumber, state, macKey);
  return problem ? { problem } : {};
}

function checkLine(
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
  const where = { ...at, seq: record.seq };
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
  if (macKey) {
    if (record.mac === undefined && state.macSeen) {
      return {
        ...where,
        kind: 'missing_mac',
        message: `Record ${record.seq} (line ${lineNumber}) lacks the keyed MAC the records before it carry.`,
      };
    }
    if (record.mac !== undefined && record.mac !== chainMac(macKey, record.hash)) {
      return {
        ...where,
        kind: 'bad_mac',
        message: `Record ${record.seq} (line ${lineNumber}) was not written by Airlock: its MAC is wrong.`,
      };
    }
  }
  if (record.mac !== undefined) state.macSeen = true;
  if (record.event === 'audit_recovery') state.recoveries.push(record);
  state.records += 1;
  state.lastSeq = record.seq;
  state.lastHash = record.hash;
  return undefined;
}

function checkHead(
  files: AuditFiles,
  state: ChainState,
  macKey: Uint8Array | undefined,
): Partial<VerifyReport> {
  const head = readHead(files.head);
  if (!head) {
    if (state.records === 0) return {};
    return {
      firstProblem: {
        file: files.head,
        kind: 'bad_head',
        message: 'The head file that anchors the end of the log is missing or damaged.',
      },
    };
  }
  const at = { file: files.head };
  // A keyed log's head is keyed too: a head without its MAC was written by someone else.
  const headMacMissing = macKey !== undefined && state.macSeen && head.mac === undefined;
  if (
    headMacMissing ||
    (macKey && head.mac !== undefined && head.mac !== headMac(macKey, head.seq, head.hash))
  ) {
    return {
      firstProblem: {
        ...at,
        kind: 'bad_head',
        message: 'The head file was not written by Airlock: its MAC is wrong.',
      },
    };
  }
  if (head.seq > state.lastSeq) {
    return {
      firstProblem: {
        ...at,
        kind: 'truncated',
        seq: state.lastSeq + 1,
        message: `The log ends at record ${state.lastSeq}, but Airlock wrote up to record ${head.seq}: the end was cut off.`,
      },
    };
  }
  if (head.seq === state.lastSeq && head.hash !== state.lastHash) {
    return {
      firstProblem: {
        ...at,
        kind: 'bad_head',
        seq: head.seq,
        message: `Record ${head.seq} is not the record Airlock wrote last.`,
      },
    };
  }
  if (head.seq === state.lastSeq - 1) {
    return {
      repairableTail: {
        kind: 'unconfirmed_record',
        file: files.current,
        message: `Record ${state.lastSeq} is not yet confirmed by the head file (a write interrupted at its last step).`,
      },
    };
  }
  if (head.seq < state.lastSeq) {
    return {
      firstProblem: {
        ...at,
        kind: 'bad_head',
        seq: head.seq + 1,
        message: `Records after ${head.seq} were added without Airlock: the head file ends there.`,
      },
    };
  }
  return {};
}

async function fileEndsWithNewline(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size === 0) return true;
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, size - 1);
      return byte[0] === 0x0a;
    } finally {
      await handle.close();
    }
  } catch {
    return true;
  }
}
