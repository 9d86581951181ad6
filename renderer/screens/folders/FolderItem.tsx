import { useId } from 'react';
import { ACCESS_LABELS, type WorkspaceView } from '../../app/status-text.ts';
import { folderName, viewerText, type FolderDetails, type FoldersOverview } from './folder-text.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

interface FolderItemProps {
  readonly folder: WorkspaceView;
  /** Undefined until the list's details have come. */
  readonly details: FolderDetails | undefined;
  readonly guard: FoldersOverview['guard'] | undefined;
  readonly busy: boolean;
  readonly onAccess: (access: WorkspaceAccess) => void;
  readonly onRemove: () => void;
}

/** One shared folder: its path, what agents may do, the guard, and who can see it. */
export function FolderItem({ folder, details, guard, busy, onAccess, onRemove }: FolderItemProps) {
  const pathId = useId();
  return (
    <li className="folder-card" aria-labelledby={pathId}>
      <div className="folder-card-head">
        <div className="folder-name">
          <h3>{folderName(folder.path)}</h3>
          <p id={pathId} className="folder-path quiet">
            {folder.path}
          </p>
        </div>
        <button
          type="button"
          className="button secondary"
          aria-label={`Remove ${folder.path}`}
          disabled={busy}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
      {!folder.available && (
        <p className="warning-box folder-warning">
          Not available now. {folder.problem ?? ''} Agents cannot use it until it is back.
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
            aria-label={`Permission for ${folder.path}`}
            value={folder.access}
            disabled={busy}
            onChange={(event) => onAccess(event.target.value as WorkspaceAccess)}
          >
            <option value="read">{ACCESS_LABELS.read}</option>
            <option value="write">{ACCESS_LABELS.write}</option>
          </select>
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
