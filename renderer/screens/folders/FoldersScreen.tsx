import { useState } from 'react';
import { call } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { withWorkspaces } from '../../app/status-update.ts';
import { useCallOutcome } from '../../app/use-call-outcome.ts';
import type { WorkspaceView } from '../../app/status-text.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { StandingAllows } from '../approvals/StandingAllows.tsx';
import { useApprovals } from '../approvals/use-approvals.ts';
import { AccessChoice } from './AccessChoice.tsx';
import { WorkspaceItem } from './WorkspaceItem.tsx';
import {
  askBeforeSavedText,
  maskSecretsSavedText,
  sharedText,
  type WorkspaceRisk,
} from './folder-text.ts';
import { usePickNewWorkspace, type PickedWorkspace } from './use-pick-new-workspace.tsx';
import { useWorkspacesOverview } from './use-workspaces-overview.ts';
import './folders.css';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';

/** A question waiting in a dialog: widening a folder's access, or removing it. */
type Pending =
  /** The risk, when the folder is one (home, system, a whole drive): the question repeats it. */
  | { readonly kind: 'widen'; readonly path: string; readonly risk: WorkspaceRisk | undefined }
  | { readonly kind: 'remove'; readonly path: string }
  | { readonly kind: 'add'; readonly chosen: PickedWorkspace };

/**
 * The folders agents can use: each with its access, what it asks first, the guard, whether
 * the secrets inside its files are hidden, and who sees it; add, change, remove.
 */
export function FoldersScreen({ status, onStatus, navigate }: ScreenProps) {
  const outcome = useCallOutcome();
  const [pending, setPending] = useState<Pending>();
  const [access, setAccess] = useState<WorkspaceAccess>('read');
  const { overview, problem: listProblem, refresh } = useWorkspacesOverview(status.workspaces);
  const approvals = useApprovals();
  const picker = usePickNewWorkspace({
    onChosen: (chosen) => {
      setAccess('read');
      setPending({ kind: 'add', chosen });
    },
    onProblem: outcome.setProblem,
  });

  const run = (action: () => Promise<WorkspaceView[]>, done: string) =>
    outcome.run(async () => {
      const workspaces = await action();
      // Over the newest status: a pause or a client may have come in while the call ran.
      onStatus(withWorkspaces(workspaces));
      refresh();
      return done;
    });

  const confirm = () => {
    if (!pending) return;
    setPending(undefined);
    if (pending.kind === 'widen') {
      void run(
        () => call('setWorkspaceAccess', { path: pending.path, access: 'write' }),
        `Agents can now read and change files in “${pending.path}”.`,
      );
    } else if (pending.kind === 'remove') {
      void run(
        () => call('removeWorkspace', { path: pending.path }),
        `“${pending.path}” is no longer shared. Nothing in it was deleted.`,
      );
    } else {
      const { choice, acceptRisk } = pending.chosen;
      void run(
        async () =>
          (await call('addWorkspace', { choice: choice.id, access, acceptRisk })).workspaces,
        sharedText(choice.path, access),
      );
    }
  };

  const details = new Map(overview?.workspaces.map((workspace) => [workspace.path, workspace]));
  const changeAccess = (path: string, next: WorkspaceAccess) => {
    if (next === 'write')
      return setPending({ kind: 'widen', path, risk: details.get(path)?.risk ?? undefined });
    void run(
      () => call('setWorkspaceAccess', { path, access: next }),
      `Agents can now only read files in “${path}”.`,
    );
  };

  const changeAskBefore = (path: string, askBefore: AskBefore) =>
    void run(
      () => call('setWorkspaceAskBefore', { path, askBefore }),
      askBeforeSavedText(path, askBefore),
    );

  const changeMaskSecrets = (path: string, maskSecrets: boolean) =>
    run(
      () => call('setWorkspaceMaskSecrets', { path, maskSecrets }),
      maskSecretsSavedText(path, maskSecrets),
    );

  const widenRisk = pending?.kind === 'widen' ? pending.risk : undefined;
  return (
    <section className="folders-screen" aria-labelledby="folders-heading">
      <div className="section-heading">
        <h2 id="folders-heading">Folders the agent can use</h2>
        <button type="button" className="button" disabled={picker.busy} onClick={picker.choose}>
          Add a folder…
        </button>
      </div>
      <p className="quiet section-intro">
        Agents work in these folders and nowhere else. Apps connected on this computer see every
        folder here; a key sees only the folders it was made for.
      </p>
      <Notice message={outcome.problem ?? listProblem} />
      <Notice message={outcome.news} tone="info" />
      <Notice message={overview?.keysProblem ?? undefined} />
      {status.workspaces.length === 0 ? (
        <p className="quiet">
          No folders yet. Add one, and agents can work in it and nowhere else.
        </p>
      ) : (
        <ul className="section-list" aria-labelledby="folders-heading">
          {status.workspaces.map((workspace) => (
            <WorkspaceItem
              key={workspace.path}
              workspace={workspace}
              details={details.get(workspace.path)}
              guard={overview?.guard}
              busy={outcome.busy}
              onAccess={(next) => changeAccess(workspace.path, next)}
              onAskBefore={(next) => changeAskBefore(workspace.path, next)}
              onMaskSecrets={(next) => changeMaskSecrets(workspace.path, next)}
              onRemove={() => setPending({ kind: 'remove', path: workspace.path })}
            />
          ))}
        </ul>
      )}
      <StandingAllows approvals={approvals} />
      <p className="quiet folders-guard-note">
        The secret guard hides the same files in every folder.{' '}
        <button type="button" className="link-button" onClick={() => navigate('settings')}>
          Change what it hides in Settings
        </button>
      </p>

      {picker.warning}
      <ConfirmDialog
        open={pending?.kind === 'add'}
        title="Share this folder"
        confirmLabel="Share folder"
        onCancel={() => setPending(undefined)}
        onConfirm={confirm}
      >
        <p className="folder-path">{pending?.kind === 'add' ? pending.chosen.choice.path : ''}</p>
        <AccessChoice
          legend="What may agents do in this folder?"
          value={access}
          onChange={setAccess}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'widen'}
        title="Let agents change files here?"
        confirmLabel="Allow changes"
        risky
        onCancel={() => setPending(undefined)}
        onConfirm={confirm}
      >
        <p className="folder-path">{pending?.kind === 'widen' ? pending.path : ''}</p>
        {widenRisk && (
          <p className="warning-box">
            {widenRisk.title}. {widenRisk.explanation}
          </p>
        )}
        <p>
          Agents will be able to create, edit, move and delete files in this folder. Every change is
          written to Activity.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'remove'}
        title="Stop sharing this folder?"
        confirmLabel="Stop sharing"
        risky
        onCancel={() => setPending(undefined)}
        onConfirm={confirm}
      >
        <p className="folder-path">{pending?.kind === 'remove' ? pending.path : ''}</p>
        <p>Agents will no longer see it. Nothing in the folder is deleted.</p>
      </ConfirmDialog>
    </section>
  );
}
