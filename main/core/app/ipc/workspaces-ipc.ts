import { homedir } from 'node:os';
import type { WorkspaceChannel } from '../../../../preload/ipc-channels.ts';
import { readKeyRecords } from '../../keys/key-metadata.ts';
import { summarizeGuard } from '../../policy/guard-summary.ts';
import { judgeFolder } from '../../policy/judge-folder.ts';
import { currentPlatform, type PathPlatform } from '../../policy/platform.ts';
import { AppError } from './app-error.ts';
import { WorkspaceChoices } from '../workspaces/workspace-choices.ts';
import { describeWorkspaces, type KeyReach } from '../workspaces/workspace-details.ts';
import type { AirlockApp } from '../start-airlock-app.ts';
import { withWorkspaceAdded } from '../workspaces/workspace-entries.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface WorkspacesIpcDependencies {
  readonly app: Pick<
    AirlockApp,
    | 'dataDir'
    | 'airlockState'
    | 'settings'
    | 'workspaces'
    | 'addWorkspace'
    | 'removeWorkspace'
    | 'setWorkspaceAccess'
    | 'setWorkspaceAskBefore'
    | 'setWorkspaceMaskSecrets'
  >;
  /** The native folder picker, shown by main; resolves undefined when the person cancels. */
  readonly pickFolder: () => Promise<string | undefined>;
  /** The person's home folder, for the risk warnings; os.homedir() unless a test names one. */
  readonly homeDir?: string;
  readonly platform?: PathPlatform;
  /**
   * The keys and their scopes, for "who can see it". By default the key list in the data
   * dir, which holds no secret: reading it never asks the keychain.
   */
  readonly listKeys?: () => Promise<readonly KeyReach[]>;
  /** The one-time choices of new workspaces; a fresh store by default. */
  readonly choices?: WorkspaceChoices;
}

const KEYS_UNREADABLE =
  'The list of keys could not be read, so this page cannot show which keys see each folder.';

/**
 * Workspaces and the first run. Sharing a folder takes two calls, so that the window never
 * names a path: pickNewWorkspace shows the native picker and answers with a one-time id (and
 * why the folder is risky, if it is); addWorkspace shares the folder behind that id, and
 * a risky one only with the person's explicit yes.
 */
export function workspacesIpc(
  deps: WorkspacesIpcDependencies,
): ChannelImplementations<WorkspaceChannel> {
  const { app, pickFolder } = deps;
  const platform = deps.platform ?? currentPlatform();
  const home = deps.homeDir ?? homedir();
  const listKeys = deps.listKeys ?? (() => readKeyRecords(app.dataDir));
  const choices = deps.choices ?? new WorkspaceChoices();

  return {
    listWorkspaces: () => app.workspaces(),
    listWorkspaceDetails: async () => {
      let keys: readonly KeyReach[] = [];
      let keysProblem: string | null = null;
      try {
        keys = await listKeys();
      } catch {
        keysProblem = KEYS_UNREADABLE;
      }
      const workspaces = app.workspaces();
      return {
        workspaces: await describeWorkspaces({ platform, home, workspaces, keys }),
        guard: summarizeGuard(app.settings.settings.guard),
        keysProblem,
      };
    },
    pickNewWorkspace: async () => {
      const picked = await pickFolder();
      if (picked === undefined) return null;
      // Refused now, before the person chooses its access: missing, a file, or shared already.
      await withWorkspaceAdded(
        platform,
        app.settings.settings.workspaces,
        picked,
        'read',
        app.airlockState,
      );
      const risk = await judgeFolder(platform, picked, home);
      return { id: choices.remember({ path: picked, risk }), path: picked, risk };
    },
    addWorkspace: async ({ choice, access, acceptRisk }) => {
      const chosen = choices.take(choice);
      // Judged again: the folder may have become a link since it was picked.
      const risk = (await judgeFolder(platform, chosen.path, home)) ?? chosen.risk;
      if (risk && !acceptRisk) {
        throw new AppError(
          'risk_not_accepted',
          `${risk.title}, so Airlock shares it only once you confirm that you accept the risk. Choose the folder again to decide.`,
        );
      }
      const added = await app.addWorkspace(
        chosen.path,
        access,
        risk ? { risk: risk.kind, riskAccepted: true } : {},
      );
      return { added, workspaces: app.workspaces() };
    },
    removeWorkspace: ({ path }) => app.removeWorkspace(path),
    setWorkspaceAccess: ({ path, access }) => app.setWorkspaceAccess(path, access),
    setWorkspaceAskBefore: ({ path, askBefore }) => app.setWorkspaceAskBefore(path, askBefore),
    setWorkspaceMaskSecrets: ({ path, maskSecrets }) =>
      app.setWorkspaceMaskSecrets(path, maskSecrets),
    getFirstRun: () => ({ done: app.settings.settings.app.firstRunDone }),
    finishFirstRun: async () => {
      await app.settings.update({ app: { firstRunDone: true } }, 'First run finished');
      return { done: true };
    },
  };
}
