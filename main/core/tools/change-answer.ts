import { z } from 'zod';
import type { ChangeRecord } from '../history/change-record.ts';

/**
 * A change tool's structured content: the change's id in Airlock history and whether it can
 * be undone, for a program to keep; the text says the same in words. The tool kit reads
 * the same fields into the call's audit record.
 */
export const changeOutput = z.object({ changeId: z.string(), undoable: z.boolean() });

/** For a tool whose call may change nothing: a dry run, a folder already there. */
export const maybeChangeOutput = changeOutput.partial();

export interface ChangeData {
  readonly changeId: string;
  readonly undoable: boolean;
  readonly notUndoableReason?: string;
}

/** The change's fields for an answer, and the sentence that tells the agent about it. */
export function describeChange(record: ChangeRecord): {
  readonly data: ChangeData;
  readonly sentence: string;
} {
  // A change that stopped halfway is kept, but not to be undone on its own.
  const undoable = record.undoable && record.status === 'done';
  if (undoable) {
    return {
      data: { changeId: record.id, undoable },
      sentence: `Change id ${record.id}: the person can undo it in Airlock, or you can with undo_change.`,
    };
  }
  const reason = record.reason ?? 'history did not keep what it replaced.';
  return {
    data: { changeId: record.id, undoable, notUndoableReason: reason },
    sentence: `This change cannot be undone: ${lowerFirst(reason)} (change id ${record.id})`,
  };
}

/** "The file was…" reads on after a colon as "the file was…"; "PDF files…" stays. */
function lowerFirst(text: string): string {
  const [first = '', second = ''] = text;
  return second === second.toLowerCase() ? first.toLowerCase() + text.slice(1) : text;
}
