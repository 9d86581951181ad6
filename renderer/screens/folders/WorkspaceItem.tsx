import { useId, useState } from 'react';
import { ACCESS_LABELS, type WorkspaceView } from '../../app/status-text.ts';
import {
  ASK_BEFORE_LABELS,
  ASK_BEFORE_ORDER,
  folderName,
  MASK_SECRETS_WORDS,
  viewerText,
  type WorkspaceDetails,
  type WorkspacesOverview,
} from './folder-text.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';

interface WorkspaceItemProps {
  readonly workspace: WorkspaceView;
  /** Undefined until the list's details have come. */
  readonly details: WorkspaceDetails | undefined;
  readonly guard: WorkspacesOverview['guard'] | undefined;
  readonly busy: boolean;
  readonly onAccess: (access: WorkspaceAccess) => void;
  readonly onAskBefore: (askBefore: AskBefore) => void;
  /** Resolves once the choice is saved, or refused. */
  readonly onMaskSecrets: (maskSecrets: boolean) => Promise<void>;
  readonly onRemove: () => void;
}

/** One workspace: its path, what agents may do, the guard, and who can see it. */
export function WorkspaceItem({
  workspace,
  details,
  guard,
  busy,
  onAccess,
  onAskBefore,
  onMaskSecrets,
  onRemove,
}: WorkspaceItemProps) {
  const pathId = useId();
  const maskHelpId = useId();
  // The switch moves at once, while its save runs; the folder's own value after it.
  const [wantedMasking, setWantedMasking] = useState<boolean>();
  // A folder saved before this setting existed hides them: that is the settings' default.
  const masking = wantedMasking ?? workspace.maskSecrets ?? true;
  return (
    <li className="folder-card" aria-labelledby={pathId}>
      <div className="folder-card-head">
        <div className="folder-name">
          <h3>{folderName(workspace.path)}</h3>
          <p id={pathId} className="folder-path quiet">
            {workspace.path}
          </p>
        </div>
        <button
          type="button"
          className="button secondary"
          aria-label={`Remove ${workspace.path}`}
          disabled={busy}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
      {!workspace.available && (
        <p className="warning-box folder-warning">
          Not available now. {workspace.problem ?? ''} Agents cannot use it until it is back.
        </p>
      )}
      {details?.risk && (
        <p className="warning-box folder-warning">
          {details.risk.title}. {details.risk.explanation}
        </p>
      )}
      <dl className="folder-facts">
        <dt>Permission</dt>
        <dd>
          <select
            aria-label={`Permission for ${workspace.path}`}
            value={workspace.access}
            disabled={busy}
            onChange={(event) => onAccess(event.target.value as WorkspaceAccess)}
          >
            <option value="read">{ACCESS_LABELS.read}</option>
            <option value="write">{ACCESS_LABELS.write}</option>
          </select>
        </dd>
        <dt>Ask me first</dt>
        <dd>
          {workspace.access === 'write' ? (
            <select
              aria-label={`Ask me first for ${workspace.path}`}
              value={workspace.askBefore ?? 'nothing'}
              disabled={busy}
              onChange={(event) => onAskBefore(event.target.value as AskBefore)}
            >
              {ASK_BEFORE_ORDER.map((choice) => (
                <option key={choice} value={choice}>
                  {ASK_BEFORE_LABELS[choice]}
                </option>
              ))}
            </select>
          ) : (
            <span className="quiet">Nothing to ask: agents can only read here.</span>
          )}
        </dd>
        <dt>Secret files</dt>
        <dd className={guard?.tone === 'warning' ? 'folder-guard-off' : undefined}>
          {guard?.text ?? '…'}
        </dd>
        <dt>Secrets inside files</dt>
        <dd>
          <label className="folder-switch">
            <input
              type="checkbox"
              aria-label={`${MASK_SECRETS_WORDS.label} in ${workspace.path}`}
              aria-describedby={maskHelpId}
              checked={masking}
              disabled={busy}
              onChange={(event) => {
                setWantedMasking(event.target.checked);
                void onMaskSecrets(event.target.checked).finally(() => setWantedMasking(undefined));
              }}
            />
            <span>{MASK_SECRETS_WORDS.label}</span>
          </label>
          <p id={maskHelpId} className="folder-switch-help quiet">
            {MASK_SECRETS_WORDS.help}
          </p>
          {workspace.maskSecrets === false && (
            <p className="folder-guard-off">{MASK_SECRETS_WORDS.off}</p>
          )}
        </dd>
        <dt>Who can see it</dt>
        <dd>
          {details ? (
            <ul className="folder-viewers">
              {details.visibleTo.map((viewer) => (
                <li key={viewer.kind === 'key' ? `key:${viewer.name}` : 'local'}>
                  {viewerText(viewer)}
                </li>
              ))}
            </ul>
          ) : (
            '…'
          )}
        </dd>
      </dl>
    </li>
  );
}
