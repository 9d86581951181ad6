import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import { call, failureMessage, subscribe } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { Notice } from '../../ui/Notice.tsx';
import './activity.css';
import { ActivityList, type ActivityListHandle } from './ActivityList.tsx';
import { ActivityPager, type LoadReason } from './activity-pager.ts';
import { count, records, type ActivityRecord } from './activity-words.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { FilterBar, filtersOf, NO_FILTERS, type FilterChoice } from './FilterBar.tsx';
import { LogCheck } from './LogCheck.tsx';
import { RecordDetails } from './RecordDetails.tsx';

type FilterOptions = ResponseOf<'activityFilters'>;
type ActivityState = ResponseOf<'activityState'>;
type ActivityCheck = ResponseOf<'verifyActivity'>;

const NO_OPTIONS: FilterOptions = { clients: [], tools: [], workspaces: [] };
/** New clients, tools and folders reach the menus at most this often. */
const OPTIONS_REFRESH_MS = 5000;

/**
 * Activity: everything agents did, newest first, searchable and filterable, with a live
 * tail, every field of a record, export, and the log's check.
 */
export function ActivityScreen(_props: ScreenProps) {
  const pager = useMemo(
    () => new ActivityPager((request) => call('queryActivity', request), failureMessage),
    [],
  );
  const view = useSyncExternalStore(pager.subscribe, pager.view);
  const list = useRef<ActivityListHandle>(null);
  const [choice, setChoice] = useState<FilterChoice>(NO_FILTERS);
  const [options, setOptions] = useState<FilterOptions>(NO_OPTIONS);
  const [state, setState] = useState<ActivityState>();
  const [check, setCheck] = useState<ActivityCheck | null>(null);
  const [selected, setSelected] = useState<number>();
  const [opened, setOpened] = useState<ActivityRecord>();
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const atTop = useRef(true);
  const optionsReadAt = useRef(0);
  const choiceRef = useRef(choice);
  useLayoutEffect(() => {
    choiceRef.current = choice;
  }, [choice]);

  const refreshOptions = useCallback(() => {
    optionsReadAt.current = Date.now();
    call('activityFilters').then(setOptions, (error: unknown) => setProblem(failureMessage(error)));
  }, []);

  /** A new query; the selection goes back to nothing, the list to its top. */
  const search = useCallback(
    (next: FilterChoice) => {
      setSelected(undefined);
      setOpened(undefined);
      list.current?.scrollToTop();
      void pager.load(filtersOf(next));
    },
    [pager],
  );

  /**
   * The same query again, for the newer records; the selection stays on its record. `live`
   * when the live tail does it, `search` when the person asked.
   */
  const refresh = useCallback(
    async (reason: LoadReason) => {
      const before = pager.view();
      await pager.load(filtersOf(choiceRef.current), reason);
      const after = pager.view();
      const added = after.total - before.total;
      if (after.queryId === before.queryId + 1 && added > 0)
        setSelected((index) => (index === undefined ? index : index + added));
    },
    [pager],
  );

  useEffect(() => {
    call('activityState').then(
      (answer) => {
        setState(answer);
        setCheck(answer.check);
      },
      (error: unknown) => setProblem(failureMessage(error)),
    );
    refreshOptions();
    void pager.load(filtersOf(NO_FILTERS));
  }, [pager, refreshOptions]);

  // Live tail: new records show at once while the list is at its top; while the person has
  // scrolled away they are only counted, and wait for them.
  useEffect(
    () =>
      subscribe('activityAdded', () => {
        if (atTop.current && pager.view().newer === 0) void refresh('live');
        else void pager.countNewer();
        if (Date.now() - optionsReadAt.current > OPTIONS_REFRESH_MS) refreshOptions();
      }),
    [pager, refresh, refreshOptions],
  );

  const onAtTop = useCallback(
    (top: boolean) => {
      const wasAway = !atTop.current;
      atTop.current = top;
      if (top && wasAway) {
        void pager.countNewer().then(() => {
          if (atTop.current && pager.view().newer > 0) void refresh('live');
        });
      }
    },
    [pager, refresh],
  );

  const change = (next: FilterChoice) => {
    setChoice(next);
    search(next);
  };

  // Until the app says its index is ready, the first search waits for the log to be read.
  const reading = view.loading && view.queryId <= 1 && state?.ready !== true;
  const searching = view.loading && !view.live;
  const shownCount = reading
    ? 'Reading the activity log…'
    : searching && view.queryId <= 1
      ? 'Searching…'
      : `${records(view.total)}${searching ? ' (searching…)' : ''}`;
  // Screen readers hear the count of a search the person made, not each live refresh (up
  // to four a second while agents work): a refresh empties the live region, which is not
  // read out, and the next search fills it again.
  const announced = view.live ? '' : shownCount;
  return (
    <div className="activity">
      <div className="section-heading activity-heading">
        <h2>Activity</h2>
        <ExportButtons scope={view.shown} onProblem={setProblem} onSaved={setSaved} />
      </div>
      <Notice message={problem ?? view.problem ?? state?.problem} />
      <Notice message={saved} tone="info" />
      <FilterBar choice={choice} options={options} onChange={change} />
      <div
        className="activity-results"
        aria-busy={view.loading}
        data-query-id={view.queryId}
        data-total={view.total}
      >
        <div className="results-summary">
          <p className="results-count">{shownCount}</p>
          <p role="status" aria-live="polite" className="visually-hidden results-announcement">
            {announced}
          </p>
          {view.newer > 0 && (
            <button
              type="button"
              className="button secondary newer-records"
              onClick={() => {
                list.current?.scrollToTop();
                void refresh('search');
                list.current?.focus();
              }}
            >
              {view.newer === 1 ? '1 new record' : `${count(view.newer)} new records`} — show them
            </button>
          )}
        </div>
        <div className="list-head" aria-hidden="true">
          <span>When</span>
          <span>Result</span>
          <span>What</span>
          <span>Where</span>
          <span>Client</span>
        </div>
        <ActivityList
          ref={list}
          pager={pager}
          view={view}
          selected={selected}
          onSelect={setSelected}
          onOpen={(index) => setOpened(pager.recordAt(index))}
          onAtTop={onAtTop}
        />
        {!view.loading && view.total === 0 && (
          <p className="quiet empty-list">
            {Object.keys(filtersOf(choice)).length > 0
              ? 'No records match this search.'
              : 'Nothing yet. What agents do in your folders will show here.'}
          </p>
        )}
      </div>
      {opened && (
        <RecordDetails
          record={opened}
          onClose={() => {
            setOpened(undefined);
            list.current?.focus();
          }}
        />
      )}
      <LogCheck check={check} onCheck={setCheck} />
    </div>
  );
}
