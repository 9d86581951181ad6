import { ACCESS_LABELS } from '../../app/status-text.ts';
import { lastUsedText, whenText, type KeyView } from './key-text.ts';

interface KeyListProps {
  readonly keys: readonly KeyView[];
  readonly labelledBy: string;
  readonly busy: boolean;
  readonly onRotate: (name: string) => void;
  readonly onRevoke: (name: string) => void;
}

/** Each key: its name, where it reaches and what it may do there, when made and last used. */
export function KeyList({ keys, labelledBy, busy, onRotate, onRevoke }: KeyListProps) {
  return (
    <ul className="section-list" aria-labelledby={labelledBy}>
      {keys.map((key) => (
        <li key={key.name} className="key">
          <div className="key-details">
            <h3 className="key-name">{key.name}</h3>
            <dl className="key-facts">
              <div>
                <dt>Folders</dt>
                <dd>
                  {key.workspaces === 'all' ? (
                    'All shared folders'
                  ) : (
                    <ul className="key-folders">
                      {key.workspaces.map((workspace) => (
                        <li key={workspace} className="folder-path">
                          {workspace}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
              <div>
                <dt>Access</dt>
                <dd>{ACCESS_LABELS[key.access]}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>
                  <time dateTime={key.created}>{whenText(key.created)}</time>
                </dd>
              </div>
              <div>
                <dt>Last used</dt>
                <dd>
                  {key.lastUsed === null ? (
                    lastUsedText(key)
                  ) : (
                    <time dateTime={key.lastUsed}>{lastUsedText(key)}</time>
                  )}
                </dd>
              </div>
            </dl>
            {!key.inKeychain && (
              <p className="warning-box key-warning">
                The secret of this key is missing from your system keychain, so apps cannot use it
                now. Make a new secret to fix this, then paste it into the app.
              </p>
            )}
          </div>
          <div className="key-actions">
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => onRotate(key.name)}
            >
              Make a new secret…<span className="visually-hidden"> for {key.name}</span>
            </button>
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => onRevoke(key.name)}
            >
              Revoke…<span className="visually-hidden"> the key {key.name}</span>
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
