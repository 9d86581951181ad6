import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { shownSecretTitle, type ShownSecret } from './key-text.ts';

interface ShownSecretCardProps {
  readonly shown: ShownSecret;
  /** The card's heading, which takes the focus when the card appears. */
  readonly headingRef: Ref<HTMLHeadingElement>;
  /** Removes the secret from the page. */
  readonly onDone: () => void;
}

type CopyState = { readonly copied: boolean; readonly message: string };

const COPY_FALLBACK = 'Could not copy. Select the key and copy it with Ctrl+C (⌘C on a Mac).';

/**
 * A key's secret, shown this once: in a read-only field with a Copy button, and the
 * promise that Airlock keeps it in the system keychain and never shows it again. Done
 * (or leaving the section) takes it off the page for good.
 */
export function ShownSecretCard({ shown, headingRef, onDone }: ShownSecretCardProps) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>();
  const headingId = useId();
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
      await navigator.clipboard.writeText(shown.secret);
      setCopy({ copied: true, message: 'Copied' });
    } catch {
      // The clipboard API can be refused (no permission, window not focused): the
      // selection and the older copy command still work from this click.
      const button = document.activeElement;
      field.current?.focus();
      field.current?.select();
      const copied = document.execCommand('copy');
      if (copied && button instanceof HTMLElement) button.focus();
      setCopy(copied ? { copied, message: 'Copied' } : { copied, message: COPY_FALLBACK });
    }
  };

  return (
    <section className="card new-key" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {shownSecretTitle(shown)}
      </h2>
      <p>
        Copy it now and paste it into the app you are connecting.
        {shown.rotated && ' The old secret no longer works.'}
      </p>
      <label htmlFor={fieldId}>The key</label>
      <div className="new-key-row">
        <input
          id={fieldId}
          ref={field}
          className="new-key-secret"
          type="text"
          readOnly
          value={shown.secret}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={noteId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button" onClick={() => void copySecret()}>
          Copy
        </button>
      </div>
      <p className={copy?.copied === false ? 'new-key-copy problem' : 'new-key-copy'} role="status">
        {copy?.message ?? ''}
      </p>
      <p id={noteId} className="new-key-note">
        Stored in your system keychain. Airlock will not show it again.
      </p>
      <button type="button" className="button secondary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
