import { McpServer } from '@modelcontextprotocol/server';
import type { Approver } from '../approvals/approval-ask.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccessSwitch } from './access-switch.ts';
import type { CallsInFlight } from './calls-in-flight.ts';
import { toolCallEntry, type CallerIdentity } from '../audit/tool-call-entry.ts';
import type { ChangeJournal } from '../history/change-journal.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import type { Limits } from '../policy/limits.ts';
import { narrowToRoots } from '../policy/narrow-to-roots.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import type { SecretsMasking } from '../secrets/file-masking.ts';
import { fileTools } from '../tools/file-tools.ts';
import { searchTools } from '../tools/search-tools.ts';
import { newCorrelationId, registerTools, type ToolCallRecord } from '../tools/tool-kit.ts';
import { AIRLOCK_VERSION } from '../version.ts';

/** Everything a connection's server needs; shared by every transport. */
export interface AirlockCore {
  readonly policy: PathPolicy;
  readonly limits: Limits;
  /** The process's change history (one per process): every change is recorded there first. */
  readonly journal: ChangeJournal;
  readonly log: DiagnosticsLog;
  readonly searchWorkerUrl: URL;
  /** Where every call is recorded before its answer is sent; absent only in unit tests. */
  readonly audit?: AuditLog;
  /** The person's "Pause all access" switch (the app's tray); absent in the headless CLI. */
  readonly access?: AccessSwitch;
  /**
   * Who asks the person before a change that waits for their OK: the app's own requests in
   * the app, the running app over the local socket for a standalone server. Absent, such a
   * change is refused: Airlock never approves anything on its own.
   */
  readonly approver?: Approver;
  /**
   * The calls under way: a restart, a stop and a pause wait for them to be recorded (and
   * answered) before the connections close and the audit log with them.
   */
  readonly callsInFlight?: CallsInFlight;
  /** How secrets inside files are masked for agents; absent (unit tests), nothing is. */
  readonly secrets?: SecretsMasking;
}

const INSTRUCTIONS =
  'Airlock gives you access to the folders the person chose, and nothing else. ' +
  'Call list_allowed_directories first. Protected files (secrets, keys) are never readable. ' +
  'Secrets inside other files show as "secret hidden by Airlock" placeholders: keep them as they are when you write, and Airlock puts the values back. ' +
  'Every change you make is kept in Airlock history: its answer gives a change id, the person ' +
  'can undo it in Airlock, and undo_change undoes one of your own changes from this session. ' +
  'Where the person asked for it, a change waits for their OK in Airlock; if the answer says it ' +
  'is still waiting, tell them, and call again with the same arguments once they have approved it.';

/** How long a client gets to answer roots/list before its grant is used unnarrowed. */
const ROOTS_TIMEOUT_MS = 3000;

/**
 * Builds the MCP server for one connection. Its client's roots can narrow its grant.
 * `session` names the session its changes are recorded under (undo_change undoes only its
 * own session's); a fresh one unless the transport gives one.
 */
export function createAirlockServer(
  core: AirlockCore,
  caller: CallerIdentity,
  session: string = newSessionId(caller.transport),
): McpServer {
  const server = new McpServer(
    { name: 'airlock', version: AIRLOCK_VERSION },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  let policy = core.policy;
  let rootsSettled: Promise<void> = Promise.resolve();
  registerTools(server, [...fileTools, ...searchTools], {
    context: () => ({
      policy,
      limits: core.limits,
      journal: core.journal,
      searchWorkerUrl: core.searchWorkerUrl,
      ...(core.approver ? { approver: core.approver } : {}),
      ...(core.secrets ? { secrets: core.secrets } : {}),
    }),
    session,
    caller,
    log: core.log,
    isPaused: () => core.access?.paused ?? false,
    // Over stdio and the socket the roots answer comes back on the same pipe within
    // milliseconds, so the first call waits for it. Over HTTP a 2025-era client may never open
    // the stream the request would travel on; there, roots narrow the grant once they arrive.
    beforeCall: async () => {
      if (caller.transport !== 'http') await rootsSettled;
      // From here every call reaches onCallFinished, whatever happens to it.
      core.callsInFlight?.enter();
    },
    onCallFinished: async (call: ToolCallRecord) => {
      try {
        if (!core.audit) return;
        const workspace = call.paths[0]
          ? core.policy.classifyReal(call.paths[0])?.workspace.root
          : undefined;
        await core.audit.record(toolCallEntry(call, caller, workspace));
      } finally {
        core.callsInFlight?.leave();
      }
    },
  });

  const applyClientRoots = async (): Promise<void> => {
    if (!server.server.getClientCapabilities()?.roots) return;
    try {
      const { roots } = await server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
      policy = await narrowToRoots(
        core.policy,
        roots.map((root) => root.uri),
      );
    } catch (error) {
      core.log.warn(
        `could not read the client's roots; keeping its grant unchanged: ${String(error)}`,
      );
    }
  };
  const refreshRoots = (): Promise<void> => (rootsSettled = applyClientRoots());
  server.server.oninitialized = () => void refreshRoots();
  server.server.setNotificationHandler('notifications/roots/list_changed', () => refreshRoots());
  return server;
}

/** A session's name in the change records: the transport's kind, then random hex. */
export function newSessionId(transport: string = 'session'): string {
  return `${transport}-${newCorrelationId()}${newCorrelationId()}`;
}
