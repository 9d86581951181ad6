import type { AnchorReading } from '../head-anchor.ts';
import { goneWords, seqWords } from '../record-words.ts';
import type { ChainState } from './check-line.ts';
import type { AnchorStatus, VerifyProblem, VerifyWarning } from './verify-report.ts';

export interface AnchorCheck {
  readonly status: AnchorStatus;
  readonly problem?: VerifyProblem;
  readonly warning?: VerifyWarning;
}

/**
 * Compares the walked chain with the keychain's anchor, which was written after the records
 * it names: a log that stops short of it lost records, and another record in its place means
 * the log was rewritten, MACs stripped and all.
 */
export function checkAnchor(
  reading: AnchorReading,
  state: ChainState,
  logFile: string,
  presence: { readonly absent: boolean; readonly anyLogFile: boolean },
): AnchorCheck {
  if (reading.state === 'none') return { status: { state: 'none' } };
  if (reading.state === 'unavailable')
    return { status: { state: 'unavailable', reason: reading.reason } };
  const { seq, hash } = reading.anchor;
  const says = `the keychain's anchor says Airlock wrote up to record ${seqWords(seq)}`;
  if (presence.absent) {
    const lost = seq === 0 ? 'it held no records yet' : goneWords(1, seq);
    return {
      status: { state: 'failed', seq },
      problem: {
        kind: 'log_deleted',
        file: logFile,
        seq: 1,
        message: `The log was deleted: ${lost}. No file of it is left at ${logFile}, but ${says}.`,
      },
    };
  }
  if (state.lastSeq < seq) {
    const gone = goneWords(state.lastSeq + 1, seq);
    const deleted = state.records === 0 && !presence.anyLogFile;
    const message = deleted
      ? `The log file was deleted: ${gone}. Only its head file is left at ${logFile}.head, and ${says}.`
      : state.records === 0
        ? `${capital(gone)}: the log is empty, but ${says}.`
        : `${capital(gone)}: the log ends at record ${seqWords(state.lastSeq)}, but ${says}.`;
    return {
      status: { state: 'failed', seq },
      problem: {
        kind: deleted ? 'log_deleted' : 'truncated',
        file: logFile,
        seq: state.lastSeq + 1,
        message,
      },
    };
  }
  // An anchor of the empty log is met by any log that exists.
  if (seq === 0) return { status: { state: 'matched', seq } };
  if (state.watchedHash === undefined) {
    return {
      status: { state: 'unconfirmed', seq },
      warning: {
        kind: 'anchor_unconfirmed',
        seq,
        message: `The keychain's anchor names record ${seqWords(seq)}, which is older than the oldest record kept, so it cannot be compared.`,
      },
    };
  }
  if (state.watchedHash !== hash) {
    return {
      status: { state: 'failed', seq },
      problem: {
        kind: 'anchor_mismatch',
        file: logFile,
        seq,
        message: `Record ${seqWords(seq)} is not the record Airlock wrote: the keychain's anchor names another, so the log was rewritten up to there.`,
      },
    };
  }
  return { status: { state: 'matched', seq } };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
