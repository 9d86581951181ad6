import { useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { ACCESS_LABELS, type WorkspaceView } from '../../app/status-text.ts';
import { Notice } from '../../ui/Notice.tsx';

/** The folders agents can use, each with its access; add, change and remove. */
export function FoldersScreen({ status, onStatus }: ScreenProps) {
  const [problem, setProblem] = useState<string>();
  const run = async (action: () => Promise<WorkspaceView[]>) => {
    try {
      const workspaces = await action();
      onStatus({ ...status, workspaces });
      setProblem(undefined);
    } catch (error) {
      setProblem(failureMessage(error));
    }
  };
  return (
    <section aria-labelledby="folders-heading">
      <div className="section-heading">
        <h2 id="folders-heading">Folders the agent can use</h2>
        <button
          type="button"
          className="button"
          onClick={() =>
            void run(async () => (await call('addWorkspace', { access: 'read' })).workspaces)
          }
        >
          Add a folder…
        </button>
      </div>
      <Notice message={problem} />
      {status.workspaces.length === 0 ? (
        <p className="quiet">
          No folders yet. Add one, and agents can work in it and nowhere else.
        </p>
      ) : (
        <ul className="folder-list" aria-labelledby="folders-heading">
          {status.workspaces.map((folder) => (
            <li key={folder.path} className="folder">
              <span className="folder-path">{folder.path}</span>
              <select
                aria-label={`What agents may do in ${folder.path}`}
                value={folder.access}
                onChange={(event) =>
                  void run(() =>
                    call('setWorkspaceAccess', {
                      path: folder.path,
                      access: event.target.value as WorkspaceView['access'],
                    }),
                  )
                }
              >
                <option value="read">{ACCESS_LABELS.read}</option>
                <option value="write">{ACCESS_LABELS.write}</option>
              </select>
              <button
                type="button"
                className="button secondary"
                aria-label={`Stop sharing ${folder.path}`}
                onClick={() => void run(() => call('removeWorkspace', { path: folder.path }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
