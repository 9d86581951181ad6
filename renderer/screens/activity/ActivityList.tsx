import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { ActivityPager, PagerView } from './activity-pager.ts';
import {
  OUTCOME_WORDS,
  timeWords,
  whatHappened,
  whereItHappened,
  type ActivityRecord,
} from './activity-words.ts';

/** Fixed, and at most 32 px: a million rows then fit in one scrollable element. */
export const ROW_HEIGHT = 28;
/** Past this height (a little below Chromium's limit) the scroll position is scaled. */
const MAX_SCROLL_HEIGHT = 30_000_000;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 8;

export interface ActivityListHandle {
  scrollToTop(): void;
  focus(): void;
}

interface ActivityListProps {
  readonly pager: ActivityPager;
  readonly view: PagerView;
  readonly selected: number | undefined;
  readonly onSelect: (index: number) => void;
  readonly onOpen: (index: number) => void;
  /** Whether the list is scrolled to its top: the live tail runs only then. */
  readonly onAtTop: (atTop: boolean) => void;
}

/**
 * The records, newest first, as a keyboard-driven listbox that renders only the rows in
 * view: the scrollable height stands for every record, and pages are read as they come
 * into view. Arrow keys, Page Up/Down, Home and End move the selection; Enter opens it.
 */
export const ActivityList = forwardRef<ActivityListHandle, ActivityListProps>(function ActivityList(
  { pager, view, selected, onSelect, onOpen, onAtTop },
  handle,
) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const frame = useRef(0);

  const total = view.total;
  const fullHeight = total * ROW_HEIGHT;
  const height = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const scale =
    fullHeight > MAX_SCROLL_HEIGHT ? (fullHeight - viewport) / (MAX_SCROLL_HEIGHT - viewport) : 1;
  const virtualTop = scrollTop * scale;
  const first = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((virtualTop + viewport) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => pager.want(first, last), [pager, first, last, view.queryId]);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const top = box.current?.scrollTop ?? 0;
      setScrollTop(top);
      onAtTop(top < ROW_HEIGHT / 2);
    });
  }, [onAtTop]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useImperativeHandle(handle, () => ({
    scrollToTop() {
      if (box.current) box.current.scrollTop = 0;
      setScrollTop(0);
      onAtTop(true);
    },
    focus() {
      box.current?.focus();
    },
  }));

  /** Scrolls just enough to show row `index`. */
  const reveal = (index: number) => {
    const element = box.current;
    if (!element) return;
    const top = index * ROW_HEIGHT;
    let target = virtualTop;
    if (top < virtualTop) target = top;
    else if (top + ROW_HEIGHT > virtualTop + viewport) target = top + ROW_HEIGHT - viewport;
    if (target !== virtualTop) element.scrollTop = target / scale;
  };

  const move = (index: number) => {
    if (total === 0) return;
    const next = Math.min(total - 1, Math.max(0, index));
    onSelect(next);
    reveal(next);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const at = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(Math.max(0, at - 1)),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        if (selected !== undefined && pager.recordAt(selected)) onOpen(selected);
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const rows: React.JSX.Element[] = [];
  for (let index = first; index <= last; index++) {
    const record = pager.recordAt(index);
    rows.push(
      <Row
        key={index}
        index={index}
        total={total}
        record={record}
        failed={record === undefined && pager.failedAt(index)}
        selected={index === selected}
        top={index * ROW_HEIGHT - virtualTop + scrollTop}
        onClick={() => {
          onSelect(index);
          if (record) onOpen(index);
        }}
      />,
    );
  }

  return (
    <div
      ref={box}
      className="activity-list"
      role="listbox"
      aria-label="Activity records, newest first"
      tabIndex={0}
      aria-activedescendant={
        selected !== undefined && selected >= first && selected <= last
          ? rowId(selected)
          : undefined
      }
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onFocus={() => {
        // The first row in view, so the keys start where the person looks.
        if (selected === undefined && total > 0)
          onSelect(Math.min(total - 1, Math.ceil(virtualTop / ROW_HEIGHT)));
      }}
    >
      <div className="activity-spacer" style={{ height }}>
        {rows}
      </div>
    </div>
  );
});

function rowId(index: number): string {
  return `activity-row-${index}`;
}

interface RowProps {
  readonly index: number;
  readonly total: number;
  readonly record: ActivityRecord | undefined;
  /** The record's page could not be read (the notice above says why). */
  readonly failed: boolean;
  readonly selected: boolean;
  readonly top: number;
  readonly onClick: () => void;
}

function Row({ index, total, record, failed, selected, top, onClick }: RowProps) {
  return (
    <div
      id={rowId(index)}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      className={selected ? 'activity-row selected' : 'activity-row'}
      style={{ top }}
      onClick={onClick}
    >
      {record ? (
        <>
          <span className="cell-time">{timeWords(record.ts)}</span>
          <span className={`cell-outcome outcome-${record.outcome}`}>
            {OUTCOME_WORDS[record.outcome]}
          </span>
          <span className="cell-what">{whatHappened(record)}</span>
          <span className="cell-where">{whereItHappened(record)}</span>
          <span className="cell-client">{record.client ?? ''}</span>
        </>
      ) : (
        <span className="quiet">{failed ? 'Could not be read' : 'Loading…'}</span>
      )}
    </div>
  );
}
