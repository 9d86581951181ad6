import type { FolderChannel } from '../../../../preload/ipc-channels.ts';
import type { AirlockApp } from '../start-airlock-app.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface FoldersIpcDependencies {
  readonly app: Pick<
    AirlockApp,
    'workspaces' | 'addWorkspace' | 'removeWorkspace' | 'setWorkspaceAccess'
  >;
  /** The native folder picker, shown by main; resolves undefined when the person cancels. */
  readonly pickFolder: () => Promise<string | undefined>;
}

export function foldersIpc({
  app,
  pickFolder,
}: FoldersIpcDependencies): ChannelImplementations<FolderChannel> {
  return {
    listWorkspaces: () => app.workspaces(),
    addWorkspace: async ({ access }) => {
      const folder = await pickFolder();
      const added = folder === undefined ? null : await app.addWorkspace(folder, access);
      return { added, workspaces: app.workspaces() };
    },
    removeWorkspace: ({ path }) => app.removeWorkspace(path),
    setWorkspaceAccess: ({ path, access }) => app.setWorkspaceAccess(path, access),
  };
}
