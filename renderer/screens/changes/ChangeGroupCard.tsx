import { useId, useState } from 'react';
import type {
  ChangeGroup,
  GroupUndoPlan,
  GroupUndoResult,
} from '../../../preload/contract/change-views.ts';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { ChangeItem } from './ChangeItem.tsx';
import { changeHeadline, groupHeadline, plural, whenWords } from './change-words.ts';

/** The changes the confirmation names one by one; the rest are counted. */
const PLAN_SHOWN = 8;
/** Review shows the previews of this many changes at once; older ones behind their Undo. */
const PREVIEWS_AT_ONCE = 20;

interface ChangeGroupCardProps {
  readonly group: ChangeGroup;
  /** Something was undone: the list is read again. */
  readonly onChanged: () => void;
}

type UndoAll =
  | { readonly kind: 'idle' | 'planning' | 'undoing' }
  | { readonly kind: 'asking'; readonly plan: GroupUndoPlan; readonly force: boolean }
  | { readonly kind: 'done'; readonly result: GroupUndoResult }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * One piece of work: one app's changes in one session. Review lists each change with what
 * its undo would do; Undo all says first what it will undo, newest first, then does it.
 */
export function ChangeGroupCard({ group, onChanged }: ChangeGroupCardProps) {
  const headingId = useId();
  const reviewId = useId();
  const [reviewing, setReviewing] = useState(false);
  const [undoAll, setUndoAll] = useState<UndoAll>({ kind: 'idle' });
  const headline = groupHeadline(group);

  const plan = async (force: boolean) => {
    setUndoAll({ kind: 'planning' });
    try {
      const answer = await call('planGroupUndo', { group: group.ref });
      setUndoAll({ kind: 'asking', plan: answer, force });
    } catch (error) {
      setUndoAll({ kind: 'failed', message: failureMessage(error) });
    }
  };

  const run = async (force: boolean) => {
    setUndoAll({ kind: 'undoing' });
    try {
      const result = await call('undoGroup', { group: group.ref, force });
      setUndoAll({ kind: 'done', result });
    } catch (error) {
      setUndoAll({ kind: 'failed', message: failureMessage(error) });
    }
    onChanged();
  };

  const asking = undoAll.kind === 'asking' ? undoAll : undefined;
  const busy = undoAll.kind === 'planning' || undoAll.kind === 'undoing';
  return (
    <li className="change-group" aria-labelledby={headingId}>
      <h3 id={headingId}>{headline}</h3>
      <p className="quiet group-when">
        {capital(whenWords(group.first, group.last))} · {plural(group.changeCount, 'change')} ·{' '}
        {group.undoableCount === group.changeCount
          ? 'all can be undone'
          : `${group.undoableCount} can be undone`}
      </p>
      <div className="group-buttons">
        <button
          type="button"
          className="button secondary"
          aria-expanded={reviewing}
          aria-controls={reviewId}
          aria-label={`${reviewing ? 'Hide the review' : 'Review'}: ${headline}`}
          onClick={() => setReviewing((open) => !open)}
        >
          {reviewing ? 'Hide the review' : 'Review'}
        </button>
        <button
          type="button"
          className="button secondary"
          aria-label={`Undo all: ${headline}`}
          disabled={busy || group.undoableCount === 0}
          onClick={() => void plan(false)}
        >
          Undo all…
        </button>
        {busy && (
          <p className="quiet" role="status">
            {undoAll.kind === 'planning' ? 'Looking at what to undo…' : 'Undoing…'}
          </p>
        )}
      </div>
      <UndoAllOutcome state={undoAll} onForce={() => void plan(true)} />
      <div id={reviewId} hidden={!reviewing}>
        {reviewing && (
          <ol className="change-list" aria-label={`Changes: ${headline}, newest first`}>
            {group.changes.map((change, index) => (
              <ChangeItem
                key={change.id}
                change={change}
                previewAtOnce={index < PREVIEWS_AT_ONCE}
                onUndone={onChanged}
              />
            ))}
          </ol>
        )}
        {reviewing && group.changeCount > group.changes.length && (
          <p className="quiet">
            The newest {plural(group.changes.length, 'change')} are shown; all{' '}
            {plural(group.changeCount, 'change')} are in Activity.
          </p>
        )}
      </div>
      <ConfirmDialog
        open={asking !== undefined}
        title={
          asking?.force
            ? 'Undo the rest anyway?'
            : `Undo ${asking?.plan.changes.length === 1 ? 'this change' : `all ${plural(asking?.plan.changes.length ?? 0, 'change')}`}?`
        }
        confirmLabel={
          asking?.force ? 'Undo anyway' : asking?.plan.changes.length === 1 ? 'Undo' : 'Undo all'
        }
        risky={asking?.force ?? false}
        onCancel={() => setUndoAll({ kind: 'idle' })}
        onConfirm={() => void run(asking?.force ?? false)}
      >
        <UndoAllPlan plan={asking?.plan} force={asking?.force ?? false} />
      </ConfirmDialog>
    </li>
  );
}

function UndoAllPlan({ plan, force }: { readonly plan?: GroupUndoPlan; readonly force: boolean }) {
  if (!plan) return null;
  if (plan.changes.length === 0) return <p>Nothing here can be undone now.</p>;
  const rest = plan.changes.length - PLAN_SHOWN;
  const blocked = plan.changes.find((change) => change.state === 'not_undoable');
  return (
    <>
      <p>Airlock undoes these changes, newest first:</p>
      <ol className="plan-list">
        {plan.changes.slice(0, PLAN_SHOWN).map((change) => (
          <li key={change.id}>{changeHeadline(change)}</li>
        ))}
        {rest > 0 && <li className="quiet">and {plural(rest, 'more change')}</li>}
      </ol>
      {blocked && (
        <p className="warning-box">
          “{changeHeadline(blocked)}” cannot be undone, so Airlock stops there: it and the older
          changes stay as they are. {blocked.reason}
        </p>
      )}
      {force ? (
        <p>
          Where a file was changed since, the version there now is kept in history first, so nothing
          is lost.
        </p>
      ) : (
        <p>
          If a file was changed since, Airlock stops there and tells you, so nothing is lost. Each
          undo is a change of its own, which you can undo again.
        </p>
      )}
    </>
  );
}

function UndoAllOutcome({
  state,
  onForce,
}: {
  readonly state: UndoAll;
  readonly onForce: () => void;
}) {
  if (state.kind === 'failed') return <Notice message={state.message} />;
  if (state.kind !== 'done') return null;
  const { undone, stoppedAt } = state.result;
  const did = undone === 0 ? 'Nothing was undone.' : `Undid ${plural(undone, 'change')}.`;
  if (!stoppedAt) return <Notice tone="info" message={did} />;
  return (
    <div className="warning-box undo-stopped" role="alert">
      <p>
        {did} Stopped at “{changeHeadline(stoppedAt.change)}”: {stoppedAt.message}
      </p>
      {stoppedAt.conflicts.length > 0 && (
        <>
          <ul>
            {stoppedAt.conflicts.map((conflict, index) => (
              <li key={index}>{conflict}</li>
            ))}
          </ul>
          <p>
            It and the older changes were left as they are. You can undo the rest anyway: the
            versions there now are kept in history first.
          </p>
          <button type="button" className="button warning" onClick={onForce}>
            Undo the rest anyway…
          </button>
        </>
      )}
    </div>
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
