import { realpathSync } from 'node:fs';
import path from 'node:path';
import { loadAuditKey, unkeyedWarning } from '../core/audit/audit-key.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { chooseDataDir, defaultDataDir } from '../core/config/data-dir.ts';
import { ensurePrivateDataDir, madePrivateWarning } from '../core/config/private-data-dir.ts';
import { fileAccessOf } from '../core/platform/file-access.ts';
import { createDiagnosticsLog } from '../core/log/diagnostics.ts';
import { currentPlatform } from '../core/policy/platform.ts';
import { locateAirlockState } from '../core/policy/airlock-state.ts';
import { openGrantedWorkspace, type Workspace } from '../core/policy/workspace.ts';
import { AccessSwitch } from '../core/server/access-switch.ts';
import { assembleCore, processJournal } from '../core/server/assemble-core.ts';
import type { AirlockCore } from '../core/server/create-airlock-server.ts';
import { followSavedPause } from '../core/server/follow-saved-pause.ts';
import { followSavedSettings } from '../core/server/follow-saved-settings.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { SocketApprover } from '../core/socket/socket-approver.ts';
import type { ServeOptions } from './serve-options.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import { refuseUnreadableFolder } from './unreadable-folder.ts';
import { UsageError } from './usage-error.ts';
import type { Settings } from '../../preload/contract/settings-schema.ts';

export interface BuiltCore {
  readonly core: AirlockCore;
  readonly settings: Settings;
  readonly dataDir: string;
}

/**
 * Assembles the core from the command line and the shared settings file. Workspaces
 * named on the command line replace the saved ones, read-only unless --allow-write.
 */
export async function buildCore(options: ServeOptions, searchWorkerUrl: URL): Promise<BuiltCore> {
  const dataDir = chooseDataDir(options.dataDir);
  const { fixedMode } = await ensurePrivateDataDir(dataDir);
  const settings = await readSettings(dataDir);
  const platform = currentPlatform();
  const requested =
    options.workspaces.length > 0
      ? options.workspaces.map((dir) => {
          const saved = savedEntry(settings, path.resolve(dir));
          return {
            path: path.resolve(dir),
            access: options.allowWrite ? ('write' as const) : ('read' as const),
            // A folder the person also shared in the app asks before what they chose there,
            // and shows secrets inside files only if they turned masking off there.
            askBefore: saved?.askBefore ?? 'nothing',
            maskSecrets: saved?.maskSecrets ?? true,
          };
        })
      : settings.workspaces;
  if (requested.length === 0) {
    throw new UsageError(
      'No workspace to share. Name one with --workspace DIR (or MCP_WORKSPACE), or add one in the Airlock app.',
    );
  }
  const auditFile = auditLogPath(options.auditLog, dataDir);
  // The app's own data dir too: a CLI run with another --data-dir must not open it to agents.
  const airlockState = await locateAirlockState(platform, {
    dataDir,
    auditFile,
    otherDataDirs: [defaultDataDir()],
  });
  const workspaces: Workspace[] = [];
  for (const entry of requested) {
    await refuseUnreadableFolder(entry.path);
    const workspace = await openGrantedWorkspace(platform, entry.path, entry.access, airlockState);
    workspaces.push({ ...workspace, askBefore: entry.askBefore, maskSecrets: entry.maskSecrets });
  }
  const log = createDiagnosticsLog({ file: path.join(dataDir, 'logs', 'diagnostics.log') });
  if (fixedMode) log.warn(madePrivateWarning(dataDir));
  const key = await loadAuditKey({ service: keychainService(), create: true });
  if (!key.key) log.warn(unkeyedWarning(key.reason));
  // The app's "Pause all access" is saved in the shared settings; it reaches this process too.
  const access = new AccessSwitch();
  if (settings.access.paused) access.pause();
  followSavedPause(dataDir, access, log);
  const core = await assembleCore({
    platform,
    workspaces,
    settings,
    dataDir,
    auditFile,
    airlockState,
    auditKey: key.key,
    access,
    log,
    searchWorkerUrl,
    fileAccess: fileAccessOf(options.fileAccess),
    // A change that waits for the person's OK is asked of the app running on this data dir.
    // `serve --socket` is itself what the app would listen on: no app to ask, so refused.
    ...(options.transport === 'socket' ? {} : { approver: new SocketApprover(dataDir, { log }) }),
  });
  // History's limits too: the person may change them in the window while this process runs.
  followSavedSettings(
    dataDir,
    'the history limits',
    (saved) =>
      void processJournal(dataDir, saved.history).catch((error: unknown) => {
        log.warn(`could not apply the new history limits: ${String(error)}`);
      }),
    log,
  );
  return { core, settings, dataDir };
}

/**
 * What the person chose in the app for a folder named on the command line: the saved entry
 * for the same folder, compared as written and as its real path. A folder only the command
 * line names asks before nothing, as before approvals existed, and masks secrets.
 */
function savedEntry(
  settings: Settings,
  folder: string,
): Settings['workspaces'][number] | undefined {
  const real = realpathOrSelf(folder);
  return settings.workspaces.find(
    (entry) => entry.path === folder || realpathOrSelf(entry.path) === real,
  );
}

function realpathOrSelf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
