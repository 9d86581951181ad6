import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface SecretShownOnceProps {
  /** The field's label: "The key", "The key for VS Code". */
  readonly label: string;
  readonly secret: string;
  /** Where the secret is kept and that it is not shown again; read with the field. */
  readonly note: ReactNode;
  /** Words a screen reader hears after "Copy" and "Done" where the context needs them. */
  readonly copyHint?: string;
  readonly doneHint?: string;
  /** Takes the secret off the page. */
  readonly onDone: () => void;
}

type CopyState = { readonly copied: boolean; readonly message: string };

const COPY_FALLBACK = 'Could not copy. Select the key and copy it with Ctrl+C (⌘C on a Mac).';

/**
 * A secret shown this once: in a read-only field that selects itself, with a Copy button
 * (the clipboard API, or else the selection and the older copy command), a status that
 * says whether it worked, the note, and Done.
 */
export function SecretShownOnce({
  label,
  secret,
  note,
  copyHint,
  doneHint,
  onDone,
}: SecretShownOnceProps) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>();
  const fieldId = useId();
  const noteId = useId();

  // The announcement fades, so that copying again is announced again.
  useEffect(() => {
    if (!copy) return;
    const timer = setTimeout(() => setCopy(undefined), 6000);
    return () => clearTimeout(timer);
  }, [copy]);

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy({ copied: true, message: 'Copied' });
    } catch {
      // The clipboard API can be refused (no permission, window not focused): the
      // selection and the older copy command still work from this click.
      const button = document.activeElement;
      field.current?.focus();
      field.current?.select();
      const copied = document.execCommand('copy');
      if (copied && button instanceof HTMLElement) button.focus();
      setCopy({ copied, message: copied ? 'Copied' : COPY_FALLBACK });
    }
  };

  return (
    <>
      <label className="secret-label" htmlFor={fieldId}>
        {label}
      </label>
      <div className="secret-row">
        <input
          id={fieldId}
          ref={field}
          className="secret-field"
          type="text"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={noteId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button" onClick={() => void copySecret()}>
          Copy{copyHint && <span className="visually-hidden"> {copyHint}</span>}
        </button>
      </div>
      <p className={copy?.copied === false ? 'secret-copy problem' : 'secret-copy'} role="status">
        {copy?.message ?? ''}
      </p>
      <p id={noteId} className="secret-note">
        {note}
      </p>
      <button type="button" className="button secondary" onClick={onDone}>
        Done{doneHint && <span className="visually-hidden"> {doneHint}</span>}
      </button>
    </>
  );
}
