import { userInfo } from 'node:os';
import path from 'node:path';
import { ApprovalService } from '../approvals/approval-service.ts';
import { loadAuditKey, unkeyedWarning, type AuditKeyResult } from '../audit/audit-key.ts';
import { auditLogPath } from '../audit/audit-location.ts';
import type { AuditEntry, AuditRecord } from '../audit/audit-record.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { ensurePrivateDataDir, madePrivateWarning } from '../config/private-data-dir.ts';
import { keychainService } from '../config/keychain-service.ts';
import type { ChangeJournal } from '../history/change-journal.ts';
import { RestoreService, type RestoreActor } from '../history/restore-service.ts';
import { openKeyStore } from '../keys/open-key-store.ts';
import { createDiagnosticsLog, type DiagnosticsLog } from '../log/diagnostics.ts';
import { locateAirlockState, type AirlockState } from '../policy/airlock-state.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import { currentPlatform, type PathPlatform } from '../policy/platform.ts';
import { AccessSwitch } from '../server/access-switch.ts';
import { processJournal } from '../server/assemble-core.ts';
import {
  loadAppSettings,
  type LoadAppSettingsOptions,
  type LoadedSettings,
} from '../settings/load-app-settings.ts';
import { pauseChange } from '../settings/pause-change.ts';
import { SettingsStore, type SettingsChange } from '../settings/settings-store.ts';
import { AppError } from './ipc/app-error.ts';
import type { CreateSocketServer } from './serving/app-socket-transport.ts';
import type { AppStatus, WorkspaceView } from '../../../preload/contract/status-views.ts';
import { KeysManager, type AppManagedKeyStore } from './keys/keys-manager.ts';
import { ActivityLog } from './activity/activity-log.ts';
import { AppChanges } from './changes/app-changes.ts';
import { followTerminalPause } from './serving/follow-terminal-pause.ts';
import { LastActivity } from './activity/last-activity.ts';
import { startServing, type Serving, type ServingDependencies } from './serving/start-serving.ts';
import {
  withWorkspaceAdded,
  withWorkspaceChanged,
  withWorkspaceRemoved,
  type WorkspaceChange,
} from './workspaces/workspace-entries.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import type { SettingsPatch } from '../../../preload/contract/settings-patch-schema.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

export interface AirlockAppOptions {
  /**
   * The data dir the app shares with the `airlock` command: settings, audit log, history, keys
   * list, socket. Shared, so that a change made in either is seen by the other.
   */
  readonly dataDir: string;
  /** The bundled search worker (dist/cli/search-content-worker.js). */
  readonly searchWorkerUrl: URL;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: DiagnosticsLog;
  readonly platform?: PathPlatform;
  /**
   * Where API keys are listed and kept; the OS keychain by default. The HTTP server checks
   * keys in it, and `keys` (the window) changes them there.
   */
  readonly keyStore?: AppManagedKeyStore;
  /** The key that anchors the audit chain; from the OS keychain by default. */
  readonly auditKey?: () => Promise<AuditKeyResult>;
  /** By default main/core/socket's server. */
  readonly createSocketServer?: CreateSocketServer;
  readonly settings?: LoadAppSettingsOptions;
  /** How often connection counts are looked at for the status; 0 turns it off. */
  readonly statusPollMs?: number;
}

/** Settings the window may change; workspaces and the kill switch have their own operations. */
export type UserSettingsPatch = Omit<SettingsPatch, 'workspaces' | 'access'>;

/** Changes to these keys need no new core: the rest rebuild it and restart the servers. */
const KEYS_WITHOUT_RELOAD = /^(app|access|history|approvals)\./;
/** History's limits: the one history the running core records into takes them as they are. */
const HISTORY_KEYS = /^history\./;

/**
 * The tray app's logic, in plain Node: the core built from the saved settings, the
 * transports, the kill switch and the status the tray and window show. The Electron shell
 * only wires this to menus, windows and IPC.
 */
export class AirlockApp {
  readonly dataDir: string;
  readonly access: AccessSwitch;
  readonly settings: SettingsStore;
  /** API keys, on the store the HTTP server checks, with audit records as the CLI writes. */
  readonly keys: KeysManager;
  /** The activity viewer: the audit log searched, kept current, checked and exported. */
  readonly activity: ActivityLog;
  /**
   * Change history as the window uses it (Undo, Changes, its size in Settings), on the
   * restore service that `airlock restore` uses too.
   */
  readonly changes: AppChanges;
  /** Changes waiting for the person's OK, from every client this app serves or is asked by. */
  readonly approvals: ApprovalService;
  readonly #restore: RestoreService;
  readonly #log: DiagnosticsLog;
  readonly #platform: PathPlatform;
  /** Airlock's own files: a folder there is refused when it is shared. */
  readonly airlockState: AirlockState;
  readonly #deps: ServingDependencies;
  readonly #activity = new LastActivity();
  readonly #listeners = new Set<(status: AppStatus) => void>();
  #serving: Serving | undefined;
  #reloads: Promise<unknown> = Promise.resolve();
  #workspaceChanges: Promise<unknown> = Promise.resolve();
  #lastSent = '';
  #poll: NodeJS.Timeout | undefined;
  #stopFollowingPause: (() => void) | undefined;
  #stopped = false;
  #stopping: Promise<void> | undefined;

  private constructor(
    loaded: LoadedSettings,
    deps: Omit<ServingDependencies, 'onStatusChange'> & { keyStore: AppManagedKeyStore },
    journal: ChangeJournal,
  ) {
    this.dataDir = deps.dataDir;
    this.access = deps.access;
    this.#log = deps.log;
    this.#platform = deps.platform;
    this.airlockState = deps.airlockState;
    this.settings = new SettingsStore(loaded, (entry) => this.#recordSettingsChange(entry));
    this.approvals = new ApprovalService({
      // Read at each request, so a change to the timings applies without a restart.
      timing: () => {
        const { waitSeconds, pendingMinutes } = this.settings.settings.approvals;
        return { waitMs: waitSeconds * 1000, pendingMs: pendingMinutes * 60_000 };
      },
      record: async (entry) => void (await this.#record(entry)),
    });
    this.#deps = { ...deps, approver: this.approvals, onStatusChange: () => this.#notify() };
    this.activity = new ActivityLog({
      auditFile: auditLogPath(undefined, deps.dataDir),
      macKey: deps.auditKey,
      log: deps.log,
    });
    this.keys = new KeysManager({
      store: deps.keyStore,
      workspaces: () => this.workspaces(),
      record: (entry) => this.#recordSettingsChange(entry),
      log: deps.log,
      platform: deps.platform,
    });
    this.#restore = new RestoreService({
      journal,
      policy: () => this.#servedPolicy(),
      record: (entry) => this.#record(entry),
      auditFile: auditLogPath(undefined, deps.dataDir),
    });
    this.changes = new AppChanges(() => this.#restore, windowActor());
  }

  static async start(options: AirlockAppOptions): Promise<AirlockApp> {
    const dataDir = path.resolve(options.dataDir);
    const { fixedMode } = await ensurePrivateDataDir(dataDir);
    const env = options.env ?? process.env;
    const log =
      options.log ?? createDiagnosticsLog({ file: path.join(dataDir, 'logs', 'diagnostics.log') });
    if (fixedMode) log.warn(madePrivateWarning(dataDir));
    const auditKey =
      options.auditKey ?? (() => loadAuditKey({ service: keychainService(env), create: true }));
    const key = await auditKey();
    if (!key.key) log.warn(unkeyedWarning(key.reason));
    const platform = options.platform ?? currentPlatform();
    const loaded = await loadAppSettings(dataDir, options.settings);
    // The one history of this process, which the served core's tools record into too.
    const journal = await processJournal(dataDir, loaded.settings.history);
    const app = new AirlockApp(
      loaded,
      {
        dataDir,
        searchWorkerUrl: options.searchWorkerUrl,
        access: new AccessSwitch(),
        log,
        platform,
        airlockState: await locateAirlockState(platform, {
          dataDir,
          auditFile: auditLogPath(undefined, dataDir),
          otherDataDirs: [defaultDataDir(process.platform, env)],
        }),
        auditKey: key.key,
        keyStore: options.keyStore ?? openKeyStore(dataDir, env),
        env,
        createSocketServer: options.createSocketServer,
      },
      journal,
    );
    await app.#begin(options.statusPollMs ?? 5000);
    return app;
  }

  async #begin(pollMs: number): Promise<void> {
    // A pause outlives a restart: access comes back only when the person resumes it.
    if (this.settings.settings.access.paused) this.access.pause();
    if (this.access.paused) void this.approvals.pause();
    this.access.onChange((paused) => {
      // "Pause all access" denies every change waiting for the person's OK.
      if (paused) {
        this.approvals.pause().catch((error: unknown) => {
          this.#log.error(
            `could not deny the changes waiting when access paused: ${String(error)}`,
          );
        });
      } else this.approvals.resume();
      this.#notify();
    });
    this.approvals.onChange(() => this.#notify());
    this.settings.onChange((change) => this.#afterChange(change));
    this.#stopFollowingPause = followTerminalPause(
      this.dataDir,
      this.access,
      this.settings,
      this.#log,
    );
    await this.#serve(this.settings.settings);
    // In the background, after the writer has opened (and if need be repaired) the log.
    this.activity.start();
    const recovered = this.settings.recovered;
    if (recovered) {
      await this.#serving?.core.audit.record({
        event: 'settings_change',
        transport: 'app',
        outcome: 'error',
        reason:
          'The settings file could not be used; it was set aside and the defaults are in use.',
        detail: {
          problem: recovered.problem,
          ...(recovered.movedTo ? { movedTo: recovered.movedTo } : {}),
        },
      });
    }
    if (pollMs > 0) this.#poll = setInterval(() => this.#notify(), pollMs).unref();
  }

  status(): AppStatus {
    const serving = this.#serving;
    const recovered = this.settings.recovered;
    const clients = serving
      ? [...serving.http.clients, ...serving.socket.clients].sort((a, b) =>
          a.since.localeCompare(b.since),
        )
      : [];
    return {
      paused: this.access.paused,
      transports: serving ? [serving.http.status, serving.socket.status] : [],
      clientsConnected: clients.length,
      clients,
      lastActivity: this.#activity.latest,
      workspaces: this.workspaces(),
      approvalsWaiting: this.approvals.waitingCount,
      settingsRecovered: recovered
        ? {
            problem: recovered.problem,
            ...(recovered.movedTo ? { movedTo: recovered.movedTo } : {}),
          }
        : null,
    };
  }

  onStatusChanged(listener: (status: AppStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The kill switch. The switch flips first; saving it (and its audit record) follows. */
  async setPaused(paused: boolean): Promise<AppStatus> {
    if (paused) this.access.pause();
    else this.access.resume();
    const { patch, reason } = pauseChange(paused);
    await this.settings.update(patch, reason);
    return this.status();
  }

  workspaces(): WorkspaceView[] {
    const known = new Map(this.#serving?.workspaces.map((view) => [view.path, view]));
    // Between a change and its reload the saved list is newer than the served one.
    return this.settings.settings.workspaces.map(
      (entry) => known.get(entry.path) ?? { ...entry, available: true },
    );
  }

  /** `detail` goes into the audit record too: a risky folder notes that the risk was accepted. */
  async addWorkspace(
    chosen: string,
    access: WorkspaceAccess,
    detail: Record<string, unknown> = {},
  ): Promise<WorkspaceView> {
    const added = await this.#changeWorkspaces(async () => {
      const current = this.settings.settings.workspaces;
      const next = await withWorkspaceAdded(
        this.#platform,
        current,
        chosen,
        access,
        this.airlockState,
      );
      const entry = next.at(-1) as (typeof next)[number];
      await this.settings.update({ workspaces: next }, 'Folder shared with agents', {
        ...detail,
        workspace: entry.path,
        access,
      });
      return entry;
    });
    await this.#reloads;
    return (
      this.workspaces().find((view) => view.path === added.path) ?? { ...added, available: true }
    );
  }

  async removeWorkspace(workspacePath: string): Promise<WorkspaceView[]> {
    await this.#changeWorkspaces(async () => {
      const next = withWorkspaceRemoved(this.settings.settings.workspaces, workspacePath);
      await this.settings.update({ workspaces: next }, 'Folder no longer shared', {
        workspace: workspacePath,
      });
    });
    await this.#reloads;
    return this.workspaces();
  }

  setWorkspaceAccess(workspacePath: string, access: WorkspaceAccess): Promise<WorkspaceView[]> {
    return this.#changeWorkspace(workspacePath, { access }, 'Folder access changed');
  }

  /** "Ask me first": which of an agent's changes in the workspace wait for the person's OK. */
  setWorkspaceAskBefore(workspacePath: string, askBefore: AskBefore): Promise<WorkspaceView[]> {
    return this.#changeWorkspace(workspacePath, { askBefore }, 'Folder approvals changed');
  }

  /** Whether agents see placeholders instead of the passwords and keys inside the workspace's files. */
  setWorkspaceMaskSecrets(workspacePath: string, maskSecrets: boolean): Promise<WorkspaceView[]> {
    return this.#changeWorkspace(workspacePath, { maskSecrets }, 'Folder secret hiding changed');
  }

  /** One workspace's entry changed, saved and recorded as `reason` with what changed. */
  async #changeWorkspace(
    workspacePath: string,
    change: WorkspaceChange,
    reason: string,
  ): Promise<WorkspaceView[]> {
    await this.#changeWorkspaces(async () => {
      const next = withWorkspaceChanged(this.settings.settings.workspaces, workspacePath, change);
      await this.settings.update({ workspaces: next }, reason, {
        workspace: workspacePath,
        ...change,
      });
    });
    await this.#reloads;
    return this.workspaces();
  }

  /**
   * Workspace changes one at a time: each reads the list as the change before it left it (a
   * change computed from an older list would put back what that one removed, or drop what
   * it added). A refused change does not hold up the next.
   */
  #changeWorkspaces<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#workspaceChanges.then(change);
    this.#workspaceChanges = run.catch(() => undefined);
    return run;
  }

  async updateSettings(patch: UserSettingsPatch): Promise<Settings> {
    await this.settings.update(patch, 'Settings changed in the Airlock window');
    await this.#reloads;
    return this.settings.settings;
  }

  /** Stops the servers and closes the audit log; calling it again waits for the same stop. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stopOnce();
    return this.#stopping;
  }

  async #stopOnce(): Promise<void> {
    clearInterval(this.#poll);
    this.#stopFollowingPause?.();
    // Changes under way are saved and recorded before the audit log closes.
    await this.#workspaceChanges;
    await this.settings.idle();
    this.#stopped = true;
    await this.#reloads;
    this.#activity.stop();
    this.approvals.close();
    await this.#serving?.stop();
    this.#serving = undefined;
    await this.activity.close();
  }

  /** Into the audit log of the servers now running, after any restart still under way. */
  async #recordSettingsChange(entry: AuditEntry): Promise<void> {
    await this.#record(entry);
  }

  async #record(entry: AuditEntry): Promise<AuditRecord> {
    await this.#reloads;
    const audit = this.#serving?.core.audit;
    if (!audit)
      throw new AppError('unavailable', 'The change was saved, but the activity log is not open.');
    return audit.record(entry);
  }

  /** The policy over the workspaces served now: an undo reaches only folders still shared. */
  async #servedPolicy(): Promise<PathPolicy> {
    await this.#reloads;
    const core = this.#serving?.core;
    if (!core) throw new AppError('unavailable', 'Airlock is starting or stopping. Try again.');
    return core.policy;
  }

  #afterChange(change: SettingsChange): void {
    if (change.keys.every((key) => KEYS_WITHOUT_RELOAD.test(key))) {
      if (change.keys.some((key) => HISTORY_KEYS.test(key))) this.#applyHistoryLimits(change);
      return this.#notify();
    }
    // The core assembled anew takes history's new limits, and prunes to them, before the
    // save answers: what the window then reads of history is what it holds.
    const reload = this.#reloads.then(() => this.#reload(change.settings));
    this.#reloads = reload.catch((error: unknown) => {
      this.#log.error(`could not restart the servers with the new settings: ${String(error)}`);
    });
  }

  /**
   * New history limits reach the running servers without a restart (which would drop every
   * agent's connection): the process's one history takes them and prunes to them. The save
   * answers after (updateSettings waits for #reloads), so the size the window reads is true.
   */
  #applyHistoryLimits(change: SettingsChange): void {
    const applied = this.#reloads.then(() => processJournal(this.dataDir, change.settings.history));
    this.#reloads = applied.catch((error: unknown) => {
      this.#log.error(`could not apply the new history limits: ${String(error)}`);
    });
  }

  async #reload(settings: Settings): Promise<void> {
    if (this.#stopped) return;
    const previous = this.#serving;
    this.#serving = undefined;
    // Calls waiting for the person's OK are answered (still waiting) before their servers go.
    this.approvals.release();
    await previous?.stop();
    await this.#serve(settings);
  }

  async #serve(settings: Settings): Promise<void> {
    const serving = await startServing(settings, this.#deps);
    this.#serving = serving;
    this.#activity.follow(serving.core.audit, () => this.#notify());
    this.activity.follow(serving.core.audit);
    this.#notify();
  }

  #notify(): void {
    if (this.#listeners.size === 0) return;
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.#lastSent) return;
    this.#lastSent = text;
    for (const listener of this.#listeners) listener(status);
  }
}

/**
 * Who undoes from the window, as the records name them: the person signed in, as the
 * command line's `airlock restore` names them too.
 */
function windowActor(): RestoreActor {
  try {
    return { transport: 'app', person: userInfo().username };
  } catch {
    return { transport: 'app' };
  }
}

/** Starts the app: `startAirlockApp({ dataDir, searchWorkerUrl })`. */
export function startAirlockApp(options: AirlockAppOptions): Promise<AirlockApp> {
  return AirlockApp.start(options);
}
