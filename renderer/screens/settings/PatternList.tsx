import { useId, useRef, useState } from 'react';

interface PatternListProps {
  /** The list's name: "Hidden names". */
  readonly title: string;
  readonly help: string;
  /** The add field's label: "Add a name". */
  readonly addLabel: string;
  readonly items: readonly string[];
  readonly onChange: (items: string[]) => void;
  /** Why this entry cannot be added, or undefined when it can. */
  readonly check: (entry: string, items: readonly string[]) => string | undefined;
}

/** An editable list of patterns: each with a Remove button, and a field to add one. */
export function PatternList({ title, help, addLabel, items, onChange, check }: PatternListProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const add = () => {
    const entry = draft.trim();
    const problem = check(entry, items);
    if (problem) {
      setError(problem);
      input.current?.focus();
      return;
    }
    onChange([...items, entry]);
    setDraft('');
    setError(undefined);
    input.current?.focus();
  };
  return (
    <fieldset className="pattern-group" aria-describedby={`${id}-help`}>
      <legend>{title}</legend>
      <p id={`${id}-help`} className="field-help quiet">
        {help}
      </p>
      {items.length === 0 ? (
        <p className="quiet">None.</p>
      ) : (
        <ul className="pattern-list" aria-label={title}>
          {items.map((item) => (
            <li key={item} className="pattern">
              <code>{item}</code>
              <button
                type="button"
                className="pattern-remove"
                aria-label={`Remove ${item}`}
                onClick={() => {
                  onChange(items.filter((other) => other !== item));
                  // The button is gone: the add field keeps the keyboard in the list.
                  input.current?.focus();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="pattern-add">
        <label htmlFor={`${id}-add`}>{addLabel}</label>
        <input
          ref={input}
          id={`${id}-add`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(undefined);
          }}
          onKeyDown={(event) => {
            // Enter adds the entry; it must not save the whole group half-edited.
            if (event.key !== 'Enter') return;
            event.preventDefault();
            add();
          }}
        />
        <button type="button" className="button secondary" onClick={add}>
          Add
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A name matched against each file and folder name: no slashes. `example`: ".env or *.pem". */
export function checkName(
  entry: string,
  items: readonly string[],
  example: string,
): string | undefined {
  if (entry === '') return `Type a name first, such as ${example}.`;
  if (/[\\/]/.test(entry))
    return 'A name has no slashes. For a file inside a given folder, add it to the places below.';
  if (entry.length > 200) return 'That name is too long.';
  if (items.includes(entry)) return `${entry} is in the list already.`;
  return undefined;
}

/** A folder and a name inside it. `example`: ".aws/credentials". */
export function checkPlace(
  entry: string,
  items: readonly string[],
  example: string,
): string | undefined {
  if (entry === '') return `Type a place first, such as ${example}.`;
  const parts = entry.split('/');
  if (entry.includes('\\') || parts.length < 2 || parts.some((part) => part === ''))
    return `Write a folder name, a slash and a name, such as ${example}.`;
  if (entry.length > 200) return 'That place is too long.';
  if (items.includes(entry)) return `${entry} is in the list already.`;
  return undefined;
}
