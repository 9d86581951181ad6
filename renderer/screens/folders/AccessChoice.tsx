import { useId } from 'react';
import { ACCESS_CHOICES } from './folder-text.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

interface AccessChoiceProps {
  /** The question the group answers, read first by screen readers. */
  readonly legend: string;
  readonly value: WorkspaceAccess;
  readonly onChange: (access: WorkspaceAccess) => void;
}

/**
 * "Read only" or "Read and change", as a radio group with what each choice means: the
 * arrow keys move between them, and each explanation is read with its choice.
 */
export function AccessChoice({ legend, value, onChange }: AccessChoiceProps) {
  const name = useId();
  return (
    <fieldset className="access-choice">
      <legend>{legend}</legend>
      {ACCESS_CHOICES.map((choice) => {
        const id = `${name}-${choice.value}`;
        return (
          <div key={choice.value} className="access-option">
            <input
              type="radio"
              id={id}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              aria-describedby={`${id}-explained`}
              onChange={() => onChange(choice.value)}
            />
            <label htmlFor={id}>{choice.label}</label>
            <p id={`${id}-explained`} className="quiet access-explanation">
              {choice.explanation}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
