import { useId } from 'react';
import { ACCESS_LABELS, type WorkspaceView } from '../../app/status-text.ts';
import {
  ASK_BEFORE_LABELS,
  ASK_BEFORE_ORDER,
  folderName,
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
  onRemove,
}: WorkspaceItemProps) {
  const pathId = useId();
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
        <dt>Secrets</dt>
        <dd className={guard?.tone === 'warning' ? 'folder-guard-off' : undefined}>
          {guard?.text ?? '…'}
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
