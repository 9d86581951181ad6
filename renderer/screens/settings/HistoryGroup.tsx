import { useEffect, useState } from 'react';
import type { HistoryUsage } from '../../../preload/contract/change-views.ts';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { NumberGroupProps } from './group-props.ts';
import { NumberFields } from './NumberFields.tsx';
import { HISTORY_FIELDS, sizeText, type Settings } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

type HistoryLimits = Settings['history'];

/** What the person is asked before: emptying history, or limits that remove changes now. */
type Asking =
  | { readonly kind: 'empty' }
  | { readonly kind: 'limits'; readonly history: Partial<HistoryLimits> };

/**
 * Change history: what it holds on disk, how much it may keep, and emptying it. Lowering a
 * limit or emptying it removes changes that could be undone, so both are asked first.
 */
export function HistoryGroup({ settings, ranges, onSaved }: NumberGroupProps) {
  const save = useGroupSave(onSaved);
  const drafts = useNumberDrafts(HISTORY_FIELDS, settings, ranges);
  const [usage, setUsage] = useState<HistoryUsage>();
  const [usageProblem, setUsageProblem] = useState<string>();
  const [asking, setAsking] = useState<Asking>();
  const [reading, setReading] = useState(0);

  useEffect(() => {
    let current = true;
    call('historyUsage').then(
      (answer) => {
        if (!current) return;
        setUsage(answer);
        setUsageProblem(undefined);
      },
      (error: unknown) => current && setUsageProblem(failureMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [reading]);

  const store = (history: Partial<HistoryLimits>) =>
    void save.save({ history }).then((saved) => {
      if (!saved) return;
      drafts.reset(saved);
      setReading((count) => count + 1);
    });

  const empty = async () => {
    try {
      setUsage(await call('emptyHistory'));
      save.announce('History is empty. Your files stay as they are.');
    } catch (error) {
      save.fail(failureMessage(error));
    }
  };

  return (
    <SettingsGroup
      title="Change history"
      intro={
        <>
          <p>
            Before an agent changes a file, Airlock keeps what was there, so you can undo the change
            in Activity or Changes.
          </p>
          <p className="history-usage" aria-live="polite">
            {usageProblem ?? (usage ? usageWords(usage) : 'Reading what history holds…')}
          </p>
        </>
      }
      save={save}
      saveLabel="Save history limits"
      onSave={() => {
        const history = drafts.check() as Partial<HistoryLimits> | undefined;
        if (!history) return save.refuse('Not saved. Correct the marked values first.');
        if (removesChanges(history, settings.history))
          return setAsking({ kind: 'limits', history });
        store(history);
      }}
      actions={
        <button
          type="button"
          className="button secondary"
          disabled={usage?.changes === 0}
          onClick={() => setAsking({ kind: 'empty' })}
        >
          Empty history…
        </button>
      }
    >
      <NumberFields
        fields={HISTORY_FIELDS}
        ranges={ranges}
        drafts={drafts}
        onEdited={() => save.edited()}
      />
      <ConfirmDialog
        open={asking?.kind === 'empty'}
        title="Empty history?"
        confirmLabel="Empty history"
        risky
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          setAsking(undefined);
          void empty();
        }}
      >
        <p>
          {usage
            ? `All ${changeCount(usage.changes)} in history, and the ${sizeText(usage.bytes)} they keep, are removed.`
            : 'Every change in history is removed.'}{' '}
          None of them can be undone after this. Your files stay as they are.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking?.kind === 'limits'}
        title="Remove older changes from history?"
        confirmLabel="Save and remove"
        risky
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          const history = asking?.kind === 'limits' ? asking.history : undefined;
          setAsking(undefined);
          if (history) store(history);
        }}
      >
        <p>
          With the new limits, changes past them are removed from history now, oldest first, and can
          no longer be undone. Your files stay as they are.
        </p>
      </ConfirmDialog>
    </SettingsGroup>
  );
}

/** "History holds 12 changes, 3.4 MB, of at most 5 GB." */
function usageWords(usage: HistoryUsage): string {
  const cap = usage.limitedByDisk
    ? `${sizeText(usage.budgetBytes)} for now, because the disk is nearly full`
    : sizeText(usage.budgetBytes);
  if (usage.changes === 0) return `History is empty. It may use up to ${cap}.`;
  return `History holds ${changeCount(usage.changes)}, using ${sizeText(usage.bytes)} of at most ${cap}.`;
}

function changeCount(count: number): string {
  return count === 1 ? '1 change' : `${count.toLocaleString('en-US')} changes`;
}

/** Whether the new limits are tighter than the saved ones: changes past them go at once. */
function removesChanges(next: Partial<HistoryLimits>, saved: HistoryLimits): boolean {
  return (
    (next.maxAgeDays ?? saved.maxAgeDays) < saved.maxAgeDays ||
    (next.maxTotalBytes ?? saved.maxTotalBytes) < saved.maxTotalBytes
  );
}
