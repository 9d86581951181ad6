import { auditLogPath } from '../../audit/audit-location.ts';
import { pooledFileAccess } from '../../platform/file-access.ts';
import { assembleCore, type AssembledCore, type CoreParts } from '../../server/assemble-core.ts';
import { openGrantedWorkspace, type Workspace } from '../../policy/workspace.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';

/** The core as the app holds it: always with its kill switch and its audit log. */
export type AppCore = AssembledCore;

/** The core's parts except the workspaces, which come from the settings, and the audit file. */
export type BuildAppCoreOptions = Omit<CoreParts, 'workspaces' | 'auditFile'>;

/**
 * Assembles the core from the saved settings, as the CLI's buildCore does. A saved
 * folder that is missing now (an unplugged drive) does not stop the app: it is left out
 * of the grant and reported as unavailable, and comes back at the next reload.
 */
export async function buildAppCore(
  options: BuildAppCoreOptions,
): Promise<{ core: AppCore; workspaces: WorkspaceView[] }> {
  const { settings, platform } = options;
  const workspaces: Workspace[] = [];
  const views: WorkspaceView[] = [];
  for (const entry of settings.workspaces) {
    try {
      const workspace = await openGrantedWorkspace(
        platform,
        entry.path,
        entry.access,
        options.airlockState,
      );
      workspaces.push({ ...workspace, askBefore: entry.askBefore, maskSecrets: entry.maskSecrets });
      views.push({ ...entry, available: true });
    } catch (error) {
      views.push({ ...entry, available: false, problem: (error as Error).message });
    }
  }
  const core = await assembleCore({
    ...options,
    // The app's main process also draws the window and serves every client: a slow disk
    // must hold up only the request that touches it, so file operations stay on the pool.
    fileAccess: pooledFileAccess,
    workspaces,
    // The file the CLI uses by default too, so `airlock audit` reads it with no flag.
    auditFile: auditLogPath(undefined, options.dataDir),
  });
  return { core, workspaces: views };
}
