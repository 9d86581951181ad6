import { useId } from 'react';
import type { ChangeView } from '../../../preload/contract/change-views.ts';
import { ChangeUndo } from './ChangeUndo.tsx';
import { changeHeadline, changeTimeWords, STATE_WORDS, whoWords } from './change-words.ts';

interface ChangeItemProps {
  readonly change: ChangeView;
  /** Its preview is read at once; otherwise its Undo button asks for it. */
  readonly previewAtOnce: boolean;
  readonly onUndone: () => void;
}

/** One change in a group's review: what, when, by whom, and its undo with its preview. */
export function ChangeItem({ change, previewAtOnce, onUndone }: ChangeItemProps) {
  const headingId = useId();
  return (
    <li className="change-item" aria-labelledby={headingId}>
      <div className="change-item-heading">
        <h4 id={headingId}>{changeHeadline(change)}</h4>
        <span className={`change-state state-${change.state}`}>{STATE_WORDS[change.state]}</span>
      </div>
      <p className="quiet change-meta">
        {changeTimeWords(change.at)} · {whoWords(change)}
      </p>
      <ChangeUndo change={change} previewAtOnce={previewAtOnce} onUndone={onUndone} />
    </li>
  );
}
