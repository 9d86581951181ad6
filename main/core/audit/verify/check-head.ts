import type { AuditFiles } from '../audit-files.ts';
import { headMac, readHead } from '../audit-head.ts';
import { GENESIS_HASH } from '../audit-record.ts';
import { goneWords, seqWords } from '../record-words.ts';
import type { ChainState } from './check-line.ts';
import type { RepairableTail, VerifyProblem, VerifyWarning } from './verify-report.ts';

export interface HeadCheck {
  readonly problem?: VerifyProblem;
  readonly repairableTail?: RepairableTail;
  readonly warning?: VerifyWarning;
}

/**
 * Compares the walked chain with the head file, which names the last record written. A head
 * without a MAC is what a run without the keychain leaves, so only a wrong MAC is forged;
 * when nothing else guards the end (no anchor matched), that is said as a warning.
 */
export function checkHead(
  files: AuditFiles,
  state: ChainState,
  macKey: Uint8Array | undefined,
  anchored: boolean,
  anyLogFile: boolean,
): HeadCheck {
  const head = readHead(files.head);
  const at = { file: files.head };
  if (!head) {
    if (state.records === 0 && !anyLogFile) return {};
    return {
      problem: {
        ...at,
        kind: 'bad_head',
        message:
          state.records === 0
            ? 'The head file that marks the end of the log is missing or damaged, so it cannot be told whether records were cut from this empty log.'
            : 'The head file that marks the end of the log is missing or damaged.',
      },
    };
  }
  if (macKey && head.mac !== undefined && head.mac !== headMac(macKey, head.seq, head.hash)) {
    return {
      problem: {
        ...at,
        kind: 'bad_head',
        message: 'The head file was not written by Airlock: its MAC is wrong.',
      },
    };
  }
  if (head.seq > state.lastSeq) {
    const gone = goneWords(state.lastSeq + 1, head.seq);
    const deleted = !anyLogFile;
    return {
      problem: {
        ...at,
        kind: deleted ? 'log_deleted' : 'truncated',
        seq: state.lastSeq + 1,
        message: deleted
          ? `The log file was deleted: ${gone}, though its head file names record ${seqWords(head.seq)}.`
          : `${gone.charAt(0).toUpperCase()}${gone.slice(1)}: the log ends at record ${seqWords(state.lastSeq)}, but its head file names record ${seqWords(head.seq)}.`,
      },
    };
  }
  if (head.seq === state.lastSeq && head.hash !== (state.lastHash ?? GENESIS_HASH)) {
    return {
      problem: {
        ...at,
        kind: 'bad_head',
        seq: head.seq,
        message: `Record ${seqWords(head.seq)} is not the record Airlock wrote last.`,
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
      problem: {
        ...at,
        kind: 'bad_head',
        seq: head.seq + 1,
        message: `Records after ${head.seq} were added without Airlock: the head file ends there.`,
      },
    };
  }
  if (head.mac === undefined && state.macs.anyKeyed && !anchored) {
    return {
      warning: {
        kind: 'head_unkeyed',
        message:
          'The head file carries no keyed MAC (a run without the keychain wrote it last), and no anchor in the keychain guards the end: records cut from the end would not show.',
      },
    };
  }
  return {};
}
