import { useEffect, useRef, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { CreateKeyForm } from './CreateKeyForm.tsx';
import { KeyList } from './KeyList.tsx';
import { NO_KEYS_TEXT, type KeyView, type NewKeySecret, type ShownSecret } from './key-text.ts';
import { ShownSecretCard } from './ShownSecretCard.tsx';
import './keys.css';

interface PendingChange {
  readonly action: 'revoke' | 'rotate';
  readonly name: string;
}

/**
 * Keys for apps that connect over HTTP: the list with each key's folders, access and use;
 * create (its secret shown once), make a new secret (shown once too), and revoke.
 */
export function KeysScreen({ status, navigate }: ScreenProps) {
  const [keys, setKeys] = useState<readonly KeyView[]>();
  const [problem, setProblem] = useState<string>();
  const [news, setNews] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<ShownSecret>();
  const [pending, setPending] = useState<PendingChange>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const shownHeading = useRef<HTMLHeadingElement>(null);
  /** Where the focus goes once the page has changed (and any dialog has closed). */
  const focusNext = useRef<() => HTMLElement | null>(undefined);

  useEffect(() => {
    let live = true;
    call('listKeys').then(
      (list) => live && setKeys(list),
      (error: unknown) => live && setProblem(failureMessage(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  // After every render: children's effects (a dialog closing) have run by now.
  useEffect(() => {
    const target = focusNext.current?.();
    if (!target) return;
    focusNext.current = undefined;
    target.focus();
  });

  const showSecret = (answer: NewKeySecret, rotated: boolean) => {
    setKeys(answer.keys);
    setShown({ name: answer.key.name, secret: answer.secret, rotated });
    focusNext.current = () => shownHeading.current;
  };

  const confirm = async () => {
    if (!pending) return;
    const { action, name } = pending;
    setPending(undefined);
    setBusy(true);
    setNews(undefined);
    try {
      if (action === 'rotate') {
        showSecret(await call('rotateKey', { name }), true);
      } else {
        setKeys(await call('revokeKey', { name }));
        if (shown?.name === name) setShown(undefined);
        setNews(
          `The key “${name}” is revoked. Apps that used it can no longer reach your folders.`,
        );
        focusNext.current = () => heading.current;
      }
      setProblem(undefined);
    } catch (error) {
      setProblem(failureMessage(error));
      focusNext.current = () => heading.current;
    } finally {
      setBusy(false);
    }
  };

  const shared = status.workspaces;
  return (
    <div className="keys-screen">
      {shown && (
        <ShownSecretCard
          shown={shown}
          headingRef={shownHeading}
          onDone={() => {
            setShown(undefined);
            focusNext.current = () => createButton.current ?? heading.current;
          }}
        />
      )}

      {creating &&
        (shared.length === 0 ? (
          <section className="card" aria-labelledby="keys-no-folder">
            <h2 id="keys-no-folder">Share a folder first</h2>
            <p>A key reaches only folders the agent can use, and there are none yet.</p>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => navigate('folders')}>
                Go to Folders
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setCreating(false);
                  focusNext.current = () => createButton.current;
                }}
              >
                Cancel
              </button>
            </div>
          </section>
        ) : (
          <CreateKeyForm
            workspaces={shared}
            onCreated={(answer) => {
              setCreating(false);
              setProblem(undefined);
              showSecret(answer, false);
            }}
            onCancel={() => {
              setCreating(false);
              focusNext.current = () => createButton.current;
            }}
          />
        ))}

      <section aria-labelledby="keys-heading">
        <div className="section-heading">
          <h2 id="keys-heading" ref={heading} tabIndex={-1}>
            Keys
          </h2>
          {!creating && (
            <button
              ref={createButton}
              type="button"
              className="button"
              onClick={() => {
                setNews(undefined);
                setCreating(true);
              }}
            >
              Create a key…
            </button>
          )}
        </div>
        <p className="quiet section-intro">
          A key lets an app such as Cursor, VS Code or Claude Code connect to Airlock over HTTP.
          Each key reaches only the folders you choose for it.
        </p>
        <Notice message={problem} />
        <Notice message={news} tone="info" />
        {keys === undefined ? (
          !problem && <p className="quiet">Loading the keys…</p>
        ) : keys.length === 0 ? (
          <p className="quiet">{NO_KEYS_TEXT}</p>
        ) : (
          <KeyList
            keys={keys}
            labelledBy="keys-heading"
            busy={busy}
            onRotate={(name) => setPending({ action: 'rotate', name })}
            onRevoke={(name) => setPending({ action: 'revoke', name })}
          />
        )}
      </section>

      <ConfirmDialog
        open={pending?.action === 'revoke'}
        title={`Revoke the key “${pending?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        risky
        onConfirm={() => void confirm()}
        onCancel={() => setPending(undefined)}
      >
        <p>
          Apps that use this key stop working with Airlock at once: they can no longer reach any of
          your folders.
        </p>
        <p>This cannot be undone. To connect such an app again, create a new key for it.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.action === 'rotate'}
        title={`Make a new secret for “${pending?.name ?? ''}”?`}
        confirmLabel="Make a new secret"
        risky
        onConfirm={() => void confirm()}
        onCancel={() => setPending(undefined)}
      >
        <p>
          The current secret stops working at once. Apps that use it cannot reach your folders until
          you paste the new key into them.
        </p>
      </ConfirmDialog>
    </div>
  );
}
