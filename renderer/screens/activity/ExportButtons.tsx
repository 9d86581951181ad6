import { useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ListScope } from './activity-pager.ts';
import { records } from './activity-words.ts';

interface ExportButtonsProps {
  /**
   * The query of the list as shown (its filters, and the seq it is pinned below): the
   * export holds exactly its records, not those that arrived since. Undefined until the
   * list shows one.
   */
  readonly scope: ListScope | undefined;
  readonly onProblem: (message: string | undefined) => void;
  /** Where the file went, or undefined while saving or after a cancel. */
  readonly onSaved: (message: string | undefined) => void;
}

const FORMATS = [
  ['csv', 'CSV'],
  ['jsonl', 'JSONL'],
] as const;

/** Saves the records shown, as JSONL or CSV, where the person picks in the save dialog. */
export function ExportButtons({ scope, onProblem, onSaved }: ExportButtonsProps) {
  const [busy, setBusy] = useState(false);
  const save = async (format: 'jsonl' | 'csv') => {
    if (!scope) return;
    setBusy(true);
    onSaved(undefined);
    onProblem(undefined);
    try {
      const result = await call('exportActivity', {
        filters: scope.filters,
        beforeSeq: scope.beforeSeq,
        format,
      });
      if (result) onSaved(`Saved ${records(result.count)} to ${result.file}.`);
    } catch (error) {
      onProblem(failureMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-buttons" role="group" aria-label="Export the records shown">
      {FORMATS.map(([format, words]) => (
        <button
          key={format}
          type="button"
          className="button secondary"
          disabled={busy || !scope}
          onClick={() => void save(format)}
        >
          Export as {words}
        </button>
      ))}
    </div>
  );
}
