import { useId, useRef, useState } from 'react';

interface KeyOnceProps {
  readonly clientName: string;
  readonly secret: string;
  readonly onDone: () => void;
}

const COPY_FALLBACK = 'Could not copy. Select the key and copy it with Ctrl+C (⌘C on a Mac).';

/**
 * The key of an app that keeps it in its own secret storage (VS Code), shown this once:
 * the app asks for it the first time it starts Airlock.
 */
export function KeyOnce({ clientName, secret, onDone }: KeyOnceProps) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();
  const fieldId = useId();
  const noteId = useId();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied');
    } catch {
      // The clipboard API can be refused; the selection and the copy command still work.
      const button = document.activeElement;
      field.current?.focus();
      field.current?.select();
      const done = document.execCommand('copy');
      if (done && button instanceof HTMLElement) button.focus();
      setCopied(done ? 'Copied' : COPY_FALLBACK);
    }
  };

  return (
    <div className="key-once">
      <label htmlFor={fieldId}>The key for {clientName}</label>
      <div className="key-once-row">
        <input
          id={fieldId}
          ref={field}
          type="text"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={noteId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> the key</span>
        </button>
      </div>
      <p className="key-once-copied" role="status">
        {copied ?? ''}
      </p>
      <p id={noteId} className="quiet">
        Paste it when {clientName} asks for the Airlock key. {clientName} keeps it in its own secret
        storage; Airlock keeps it in your system keychain and will not show it again.
      </p>
      <button type="button" className="button secondary" onClick={onDone}>
        Done<span className="visually-hidden"> with the key</span>
      </button>
    </div>
  );
}
