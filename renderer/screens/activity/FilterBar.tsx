import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import type { ActivityFilters } from './activity-pager.ts';
import { EVENT_FILTERS, OUTCOME_WORDS, toolWords, type Outcome } from './activity-words.ts';
import { TIME_RANGES, timeBounds, type TimeRangeId } from './time-range.ts';

type FilterOptions = ResponseOf<'activityFilters'>;

/** How long typing may pause before the search runs; Enter runs it at once. */
const TYPING_PAUSE_MS = 120;

/** What the person chose, before it becomes the engine's filters. */
export interface FilterChoice {
  readonly text: string;
  readonly range: TimeRangeId;
  /** `datetime-local` values, for the "Between" range. */
  readonly from: string;
  readonly to: string;
  readonly client: string;
  readonly tool: string;
  readonly outcome: '' | Outcome;
  readonly workspace: string;
  /** The kind of record: '' for any, `approval` for the changes that asked for the person's OK. */
  readonly event: string;
}

export const NO_FILTERS: FilterChoice = {
  text: '',
  range: 'any',
  from: '',
  to: '',
  client: '',
  tool: '',
  outcome: '',
  workspace: '',
  event: '',
};

/** The choice as the engine's filters; a time range that is half filled in is left open. */
export function filtersOf(choice: FilterChoice, now = Date.now()): ActivityFilters {
  const { since, until } = timeBounds(choice.range, choice.from, choice.to, now);
  return {
    ...(choice.text.trim() ? { text: choice.text.trim() } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(choice.client ? { client: choice.client } : {}),
    ...(choice.tool ? { tool: choice.tool } : {}),
    ...(choice.outcome ? { outcome: choice.outcome } : {}),
    ...(choice.workspace ? { workspace: choice.workspace } : {}),
    ...(choice.event ? { event: choice.event } : {}),
  };
}

interface FilterBarProps {
  readonly choice: FilterChoice;
  readonly options: FilterOptions;
  readonly onChange: (choice: FilterChoice) => void;
}

/** The search box and the filters above the list. */
export function FilterBar({ choice, options, onChange }: FilterBarProps) {
  const [text, setText] = useState(choice.text);
  const typing = useRef<number | undefined>(undefined);
  const latest = useRef(choice);
  useLayoutEffect(() => {
    latest.current = choice;
  }, [choice]);
  useEffect(() => () => window.clearTimeout(typing.current), []);

  const commitText = (value: string) => {
    window.clearTimeout(typing.current);
    if (value !== latest.current.text) onChange({ ...latest.current, text: value });
  };
  const set = (change: Partial<FilterChoice>) => onChange({ ...choice, ...change });

  return (
    <div className="activity-filters" role="search" aria-label="Search the activity">
      <div className="filter search-filter">
        <label htmlFor="activity-search">Search</label>
        <input
          id="activity-search"
          type="search"
          value={text}
          placeholder="Files, tools, clients, reasons"
          autoComplete="off"
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            window.clearTimeout(typing.current);
            typing.current = window.setTimeout(() => commitText(value), TYPING_PAUSE_MS);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitText(text);
          }}
        />
      </div>
      <Select
        id="activity-when"
        label="When"
        value={choice.range}
        onChange={(range) => set({ range: range as TimeRangeId })}
        entries={TIME_RANGES.map((range) => [range.id, range.label])}
      />
      {choice.range === 'between' && (
        <>
          <DateTimeField
            id="activity-from"
            label="From"
            value={choice.from}
            onChange={(from) => set({ from })}
          />
          <DateTimeField
            id="activity-to"
            label="Until"
            value={choice.to}
            onChange={(to) => set({ to })}
          />
        </>
      )}
      <Select
        id="activity-kind"
        label="Kind"
        value={choice.event}
        onChange={(event) => set({ event })}
        entries={[['', 'Every kind'], ...EVENT_FILTERS]}
      />
      <Select
        id="activity-client"
        label="Client"
        value={choice.client}
        onChange={(client) => set({ client })}
        entries={[['', 'Any client'], ...withChosen(options.clients, choice.client).map(same)]}
      />
      <Select
        id="activity-tool"
        label="Action"
        value={choice.tool}
        onChange={(tool) => set({ tool })}
        entries={[
          ['', 'Any action'],
          ...withChosen(options.tools, choice.tool).map((tool): [string, string] => [
            tool,
            toolWords(tool),
          ]),
        ]}
      />
      <Select
        id="activity-outcome"
        label="Result"
        value={choice.outcome}
        onChange={(outcome) => set({ outcome: outcome as FilterChoice['outcome'] })}
        entries={[['', 'Any result'], ...(Object.entries(OUTCOME_WORDS) as [string, string][])]}
      />
      <Select
        id="activity-workspace"
        label="Folder"
        value={choice.workspace}
        onChange={(workspace) => set({ workspace })}
        entries={[
          ['', 'Any folder'],
          ...withChosen(options.workspaces, choice.workspace).map(same),
        ]}
      />
    </div>
  );
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

interface SelectProps extends FieldProps {
  readonly entries: readonly (readonly [string, string])[];
}

function Select({ id, label, value, entries, onChange }: SelectProps) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {entries.map(([entryValue, words]) => (
          <option key={entryValue} value={entryValue}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One end of the "Between" range: a date and a time, to the second. */
function DateTimeField({ id, label, value, onChange }: FieldProps) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        step={1}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function same(value: string): [string, string] {
  return [value, value];
}

/** The menu's values, with the chosen one kept even before the menu knows it. */
function withChosen(values: readonly string[], chosen: string): string[] {
  return chosen && !values.includes(chosen) ? [...values, chosen] : [...values];
}
