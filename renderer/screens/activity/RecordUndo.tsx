import { useEffect, useState } from 'react';
import type { ChangeView } from '../../../preload/contract/change-views.ts';
import { CHANGE_ID, CHANGE_TOOLS } from '../../../preload/contract/words/change-records.ts';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { Notice } from '../../ui/Notice.tsx';
import { ChangeUndo } from '../changes/ChangeUndo.tsx';
import type { ActivityRecord } from './activity-words.ts';

/** The tools that change files, and the person's undos: their records can be undone. */
const UNDOABLE_TOOLS: ReadonlySet<string> = new Set([...CHANGE_TOOLS, 'restore']);

/**
 * The change a record may have made: a change tool's call or an undo. One that failed or
 * was refused may have changed something all the same (a write that failed after it was
 * made); history knows.
 */
export function changeIdOf(record: ActivityRecord): string | undefined {
  if (!record.correlationId || !CHANGE_ID.test(record.correlationId)) return undefined;
  // A request for the person's OK shares its call's reference, but made no change itself:
  // the call's own record, which follows it, offers the undo.
  if (record.event === 'approval') return undefined;
  const isChange = UNDOABLE_TOOLS.has(record.tool ?? '') || record.event === 'restore';
  return isChange ? record.correlationId : undefined;
}

type Lookup =
  | { readonly kind: 'loading' }
  | { readonly kind: 'found'; readonly change: ChangeView }
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Undo, in a record's details: the change the record made, looked up in history, with its
 * preview first. A change history no longer holds says so.
 */
export function RecordUndo({ record }: { readonly record: ActivityRecord }) {
  const id = changeIdOf(record);
  const [lookup, setLookup] = useState<Lookup>({ kind: 'loading' });
  useEffect(() => {
    if (!id) return;
    // The details remount for another record (key), so this looks up one id only.
    let live = true;
    call('getChange', { id }).then(
      (change) => live && setLookup(change ? { kind: 'found', change } : { kind: 'gone' }),
      (error: unknown) => live && setLookup({ kind: 'failed', message: failureMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  // A call that did not go through is spoken of only when history holds a change it made.
  if (!id || (record.outcome !== 'ok' && lookup.kind !== 'found')) return null;
  return (
    <div className="record-undo">
      <h4>Undo</h4>
      {lookup.kind === 'loading' && <p className="quiet">Looking for the change in history…</p>}
      {lookup.kind === 'gone' && (
        <p className="quiet undo-state">
          This change can no longer be undone: history keeps changes for a limited time and up to a
          set size (see Settings), and this one is no longer kept.
        </p>
      )}
      {lookup.kind === 'failed' && <Notice message={lookup.message} />}
      {lookup.kind === 'found' && <ChangeUndo change={lookup.change} />}
    </div>
  );
}
