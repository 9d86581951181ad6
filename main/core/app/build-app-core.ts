import path from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import { AuditWriter } from '../audit/audit-writer.ts';
import { HistoryStore } from '../history/history-store.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { PathPolicy } from '../policy/path-policy.ts';
import type { PathPlatform } from '../policy/platform.ts';
import { SensitiveGuard } from '../policy/sensitive-guard.ts';
import { openWorkspace, type Workspace } from '../policy/workspace.ts';
import type { AccessSwitch } from '../server/access-switch.ts';
import type { AirlockCore } from '../server/create-airlock-server.ts';
import type { Settings } from '../settings/settings-schema.ts';
import type { WorkspaceView } from './app-status.ts';

/** The core as the app holds it: always with its kill switch and its audit log. */
export interface AppCore extends AirlockCore {
  readonly access: AccessSwitch;
  readonly audit: AuditLog;
}

export interface BuildAppCoreOptions {
  readonly settings: Settings;
  readonly dataDir: string;
  readonly searchWorkerUrl: URL;
  readonly access: AccessSwitch;
  readonly log: DiagnosticsLog;
  readonly platform: PathPlatform;
  /** The keychain-held key that anchors the audit chain; undefined leaves it unanchored. */
  readonly auditKey: Uint8Array | undefined;
}

/** The audit file the CLI uses by default too (`airlock audit` reads it with no flag). */
export function appAuditFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'audit.jsonl');
}

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
      workspaces.push(await openWorkspace(platform, entry.path, entry.access));
      views.push({ ...entry, available: true });
    } catch (error) {
      views.push({ ...entry, available: false, problem: (error as Error).message });
    }
  }
  const writer = AuditWriter.open(appAuditFile(options.dataDir), settings.audit, options.auditKey);
  const core: AppCore = {
    access: options.access,
    audit: new AuditLog(writer),
    policy: new PathPolicy(platform, workspaces, new SensitiveGuard(platform, settings.guard)),
    limits: settings.limits,
    history: new HistoryStore(options.dataDir),
    log: options.log,
    searchWorkerUrl: options.searchWorkerUrl,
  };
  return { core, workspaces: views };
}
