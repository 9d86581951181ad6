import { useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ActivityFilters } from './activity-pager.ts';
import { records } from './activity-words.ts';

interface ExportButtonsProps {
  /** The filters of the list as shown: the export holds exactly its records. */
  readonly filters: ActivityFilters;
  readonly onProblem: (message: string | undefined) => void;
  /** Where the file went, or undefined while saving or after a cancel. */
  readonly onSaved: (message: string | undefined) => void;
}

const FORMATS = [
  ['csv', 'CSV'],
  ['jsonl', 'JSONL'],
] as const;

/** Saves the records shown, as JSONL or CSV, where the person picks in the save dialog. */
export function ExportButtons({ filters, onProblem, onSaved }: ExportButtonsProps) {
  const [busy, setBusy] = useState(false);
  const save = async (format: 'jsonl' | 'csv') => {
    setBusy(true);
    onSaved(undefined);
    onProblem(undefined);
    try {
      const result = await call('exportActivity', { filters, format });
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
          disabled={busy}
          onClick={() => void save(format)}
        >
          Export as {words}
        </button>
      ))}
    </div>
  );
}
