import './diff-list.css';

/** One line of a diff as the window shows it, or the unchanged lines left out, in words. */
export type DiffListRow =
  | { readonly op: 'same' | 'removed' | 'added'; readonly text: string }
  | { readonly op: 'gap'; readonly words: string };

/** Seen before a changed line; screen readers hear the screen's own words instead. */
const MARKS: Readonly<Record<Exclude<DiffListRow['op'], 'gap'>, string>> = {
  same: ' ',
  removed: '−',
  added: '+',
};

interface DiffListProps {
  /** What the list is of: "Changes to the text of notes.txt". */
  readonly label: string;
  readonly rows: readonly DiffListRow[];
  /** What a screen reader hears before a removed and an added line ("Removed: "). */
  readonly spoken: { readonly removed: string; readonly added: string };
  /** A class of the screen's own, for its size. */
  readonly className?: string;
}

/** The lines of a text that change, marked − and + in colour, the rest left plain. */
export function DiffList({ label, rows, spoken, className }: DiffListProps) {
  return (
    <ol className={className ? `code-box diff ${className}` : 'code-box diff'} aria-label={label}>
      {rows.map((row, index) =>
        row.op === 'gap' ? (
          <li key={index} className="diff-gap">
            {row.words}
          </li>
        ) : (
          <li key={index} className={`diff-${row.op}`}>
            <span className="diff-mark" aria-hidden="true">
              {MARKS[row.op]}
            </span>
            {row.op !== 'same' && <span className="visually-hidden">{spoken[row.op]}</span>}
            <span className="diff-text">{row.text === '' ? ' ' : row.text}</span>
          </li>
        ),
      )}
    </ol>
  );
}
