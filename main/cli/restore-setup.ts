import os from 'node:os';
import path from 'node:path';
import { loadAuditKey } from '../core/audit/audit-key.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import { AuditLog } from '../core/audit/audit-log.ts';
import { AuditWriter } from '../core/audit/audit-writer.ts';
import { chooseDataDir, defaultDataDir } from '../core/config/data-dir.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { ensurePrivateDataDir } from '../core/config/private-data-dir.ts';
import { ChangeJournal } from '../core/history/change-journal.ts';
import { RestoreService, type RestoreActor } from '../core/history/restore-service.ts';
import { locateAirlockState } from '../core/policy/airlock-state.ts';
import { LaunchPointGuard } from '../core/policy/launch-points.ts';
import { PathPolicy } from '../core/policy/path-policy.ts';
import { currentPlatform } from '../core/policy/platform.ts';
import { SensitiveGuard } from '../core/policy/sensitive-guard.ts';
import { openGrantedWorkspace, type Workspace } from '../core/policy/workspace.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { namedWorkspaces } from './workspace-flags.ts';

/** The restore service for one command, and the audit log it writes to while it runs. */
export interface CliRestore {
  readonly service: RestoreService;
  readonly actor: RestoreActor;
  readonly dataDir: string;
  /** Closes the audit log, once the keychain's anchor names its last record. */
  close(): Promise<void>;
}

/**
 * The restore service as the command line runs it, over the shared data dir. The
 * workspaces a restore may reach are the ones saved in the app's settings, plus those named
 * with --workspace: a headless `serve --workspace DIR` shares a folder the settings do not
 * name, and the person names it again to restore there. A folder in neither is refused.
 */
export async function openCliRestore(
  dataDirFlag: string | undefined,
  workspaceFlags: readonly string[] | undefined,
): Promise<CliRestore> {
  const named = namedWorkspaces(workspaceFlags);
  const dataDir = chooseDataDir(dataDirFlag);
  await ensurePrivateDataDir(dataDir);
  const settings = await readSettings(dataDir);
  const platform = currentPlatform();
  const auditFile = auditLogPath(undefined, dataDir);
  const airlockState = await locateAirlockState(platform, {
    dataDir,
    auditFile,
    otherDataDirs: [defaultDataDir()],
  });
  const workspaces: Workspace[] = [];
  for (const saved of settings.workspaces) {
    // A saved folder that is gone now holds nothing to restore into.
    const opened = await openGrantedWorkspace(
      platform,
      saved.path,
      saved.access,
      airlockState,
    ).catch(() => undefined);
    if (opened) workspaces.push(opened);
  }
  for (const folder of named)
    workspaces.push(
      await openGrantedWorkspace(platform, path.resolve(folder), 'write', airlockState),
    );
  const policy = new PathPolicy(platform, workspaces, {
    guard: new SensitiveGuard(platform, settings.guard),
    launchPoints: new LaunchPointGuard(platform, settings.launchPoints),
    airlockState,
  });
  // Opening prunes: to the limits the person set, never to the defaults.
  const journal = await ChangeJournal.open(dataDir, { limits: settings.history });
  let log: AuditLog | undefined;
  const openLog = async (): Promise<AuditLog> => {
    const key = await loadAuditKey({ service: keychainService(), create: true });
    return new AuditLog(AuditWriter.open(auditFile, settings.audit, key.key));
  };
  const service = new RestoreService({
    journal,
    policy: () => policy,
    record: async (entry) => (log ??= await openLog()).record(entry),
    auditFile,
  });
  return {
    service,
    actor: { transport: 'cli', ...personOf() },
    dataDir,
    close: async () => {
      await log?.closeAndAnchor();
    },
  };
}

/** The person at the terminal, by their login name, when the system can say. */
function personOf(): { person?: string } {
  try {
    const { username } = os.userInfo();
    return username ? { person: username } : {};
  } catch {
    return {};
  }
}
