import { useEffect, useRef } from 'react';
import {
  count,
  eventWords,
  FIELD_WORDS,
  OUTCOME_WORDS,
  timeWords,
  toolWords,
  whatHappened,
  type ActivityRecord,
} from './activity-words.ts';
import { detailInWords } from './detail-words.ts';
import { LoggedText, RecordValue } from './RecordValue.tsx';
import { RecordUndo } from './RecordUndo.tsx';

interface RecordDetailsProps {
  readonly record: ActivityRecord;
  /** Back to the list (Escape does the same). */
  readonly onClose: () => void;
}

/** Every field of one record; redactions appear as redactions. */
export function RecordDetails({ record, onClose }: RecordDetailsProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [record.seq]);
  return (
    <section
      className="record-details"
      aria-labelledby="record-details-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="section-heading">
        <h3 id="record-details-heading" ref={heading} tabIndex={-1}>
          Record {count(record.seq)}: {whatHappened(record)}
        </h3>
        <button type="button" className="button secondary" onClick={onClose}>
          Back to the list
        </button>
      </div>
      <RecordUndo key={record.seq} record={record} />
      <dl className="record-fields">
        {FIELD_WORDS.filter(([field]) => record[field] !== undefined).map(([field, words]) => (
          <div key={field}>
            <dt>{words}</dt>
            <dd>
              <FieldValue record={record} field={field} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function FieldValue({ record, field }: { record: ActivityRecord; field: keyof ActivityRecord }) {
  switch (field) {
    case 'ts':
      return (
        <>
          {timeWords(record.ts)} <span className="quiet">({record.ts})</span>
        </>
      );
    case 'outcome':
      return <span className={`outcome-${record.outcome}`}>{OUTCOME_WORDS[record.outcome]}</span>;
    case 'tool':
      return (
        <>
          {toolWords(record.tool ?? '')} <code>{record.tool}</code>
        </>
      );
    case 'durationMs':
      return <>{count(record.durationMs ?? 0)} ms</>;
    case 'seq':
    case 'bytesIn':
    case 'bytesOut':
      return <>{count(record[field] ?? 0)}</>;
    case 'event':
      return (
        <>
          {eventWords(record.event)} <code>{record.event}</code>
        </>
      );
    case 'prev':
    case 'hash':
    case 'mac':
    case 'correlationId':
      return <code className="hash">{record[field]}</code>;
    case 'detail':
      return <DetailValue record={record} />;
    case 'paths':
      return (
        <ul className="value-list">
          {(record.paths ?? []).map((path, index) => (
            <li key={index}>
              <code>
                <LoggedText text={path} />
              </code>
            </li>
          ))}
        </ul>
      );
    default:
      return <RecordValue value={record[field]} />;
  }
}

/** The record's details, in words where Airlock knows them (detail-words.ts). */
function DetailValue({ record }: { record: ActivityRecord }) {
  const entries = detailInWords(record);
  if (entries.length === 0) return <RecordValue value={record.detail} />;
  return (
    <dl className="value-fields">
      {entries.map(({ words, value }) => (
        <div key={words}>
          <dt>
            <LoggedText text={words} />
          </dt>
          <dd>
            <RecordValue value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
