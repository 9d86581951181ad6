import type { Approver } from '../approvals/approval-ask.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { AuditWriter } from '../audit/audit-writer.ts';
import type { FileAccess, FileAccessKind } from '../platform/file-access.ts';
import { ChangeJournal } from '../history/change-journal.ts';
import type { HistoryLimits } from '../history/history-limits.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import type { AirlockState } from '../policy/airlock-state.ts';
import { LaunchPointGuard } from '../policy/launch-points.ts';
import { NamePatterns } from '../policy/name-patterns.ts';
import { PathPolicy } from '../policy/path-policy.ts';
import type { PathPlatform } from '../policy/platform.ts';
import { SensitiveGuard } from '../policy/sensitive-guard.ts';
import type { Workspace } from '../policy/workspace.ts';
import type { SecretsMasking } from '../secrets/file-masking.ts';
import { loadSecretsKey } from '../secrets/secrets-key.ts';
import type { AccessSwitch } from './access-switch.ts';
import { CallsInFlight } from './calls-in-flight.ts';
import type { AirlockCore } from './create-airlock-server.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

export interface CoreParts {
  readonly platform: PathPlatform;
  /** The workspaces already opened (realpath'd); which ones is the caller's choice. */
  readonly workspaces: readonly Workspace[];
  readonly settings: Settings;
  readonly dataDir: string;
  readonly auditFile: string;
  /** Airlock's own files (the data dir, the audit log): out of every grant. */
  readonly airlockState: AirlockState;
  /** The keychain-held key that anchors the audit chain; undefined leaves it unanchored. */
  readonly auditKey: Uint8Array | undefined;
  readonly access: AccessSwitch;
  readonly log: DiagnosticsLog;
  readonly searchWorkerUrl: URL;
  /** How a request's small file operations run; the thread pool unless the caller knows better. */
  readonly fileAccess?: FileAccess;
  /** Who asks the person before a change that needs their OK; see AirlockCore.approver. */
  readonly approver?: Approver;
}

/** A core that always has its kill switch and its audit log, as the CLI and the app build it. */
export interface AssembledCore extends AirlockCore {
  readonly access: AccessSwitch;
  readonly audit: AuditLog;
  readonly callsInFlight: CallsInFlight;
}

/**
 * Puts the core together from its parts: one place for the CLI and the app alike. The
 * change history is opened once per process and data dir, and takes the settings' limits
 * each time the core is assembled again (the app does so after a settings change).
 */
export async function assembleCore(parts: CoreParts): Promise<AssembledCore> {
  const { platform, settings } = parts;
  const journal = await processJournal(parts.dataDir, settings.history, parts.fileAccess?.kind);
  // A change's bookkeeping after its tool answered has no caller left to fail: it is logged.
  journal.reportProblemsTo(parts.log);
  const secrets = await secretsMasking(parts);
  return {
    access: parts.access,
    callsInFlight: new CallsInFlight(),
    audit: new AuditLog(AuditWriter.open(parts.auditFile, settings.audit, parts.auditKey)),
    policy: new PathPolicy(
      platform,
      parts.workspaces,
      {
        guard: new SensitiveGuard(platform, settings.guard),
        launchPoints: new LaunchPointGuard(platform, settings.launchPoints),
        airlockState: parts.airlockState,
      },
      parts.fileAccess,
    ),
    limits: settings.limits,
    journal,
    log: parts.log,
    searchWorkerUrl: parts.searchWorkerUrl,
    ...(parts.approver ? { approver: parts.approver } : {}),
    secrets,
  };
}

/**
 * Masking of secrets inside files, with the key kept in the data dir (made on first use,
 * replaced with a warning when damaged) and the settings' entropy rule and exempt names.
 */
async function secretsMasking(parts: CoreParts): Promise<SecretsMasking> {
  const loaded = await loadSecretsKey(parts.dataDir);
  if (loaded.replaced) {
    parts.log.warn(
      `wrote a new key for secrets inside files: the old one was ${loaded.replaced}; placeholders agents read before are refused on write`,
    );
  }
  const { entropy, exempt } = parts.settings.secrets;
  return {
    key: loaded.key,
    entropy,
    exempt: new NamePatterns(parts.platform, {
      enabled: exempt.length > 0,
      patterns: exempt,
      nestedPatterns: [],
    }),
  };
}

const journals = new Map<string, Promise<ChangeJournal>>();

/**
 * The one journal of this process over `dataDir`'s history, opened on first use (which
 * resolves what crashed processes left pending), with `limits` in force from now on. Its
 * small system calls run as the first core assembled over it runs a request's (`fileAccess`).
 */
export async function processJournal(
  dataDir: string,
  limits: HistoryLimits,
  fileAccess: FileAccessKind = 'pooled',
): Promise<ChangeJournal> {
  const opening = journals.get(dataDir);
  if (!opening) {
    const opened = ChangeJournal.open(dataDir, { limits, fileAccess });
    journals.set(dataDir, opened);
    // A journal that could not open is tried again by the next assembly.
    opened.catch(() => journals.delete(dataDir));
    return opened;
  }
  const journal = await opening;
  if (!sameLimits(journal.limits, limits)) await journal.setLimits(limits);
  return journal;
}

function sameLimits(a: HistoryLimits, b: HistoryLimits): boolean {
  return (
    a.maxFileBytes === b.maxFileBytes &&
    a.maxTotalBytes === b.maxTotalBytes &&
    a.maxAgeDays === b.maxAgeDays
  );
}
