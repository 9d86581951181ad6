import type { Approver } from '../../approvals/approval-ask.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import type { AirlockState } from '../../policy/airlock-state.ts';
import type { PathPlatform } from '../../policy/platform.ts';
import type { AccessSwitch } from '../../server/access-switch.ts';
import { AppHttpTransport, type AppKeyStore } from './app-http-transport.ts';
import { AppSocketTransport, type CreateSocketServer } from './app-socket-transport.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import { buildAppCore, type AppCore } from './build-app-core.ts';
import type { Settings } from '../../../../preload/contract/settings-schema.ts';

/** How long a stop waits for the calls under way to be recorded. */
const CALLS_DRAIN_MS = 5000;

export interface ServingDependencies {
  readonly dataDir: string;
  readonly searchWorkerUrl: URL;
  readonly access: AccessSwitch;
  readonly log: DiagnosticsLog;
  readonly platform: PathPlatform;
  /** Airlock's own files: no grant reaches them. */
  readonly airlockState: AirlockState;
  readonly auditKey: Uint8Array | undefined;
  readonly keyStore: AppKeyStore;
  readonly env: NodeJS.ProcessEnv;
  readonly createSocketServer: CreateSocketServer | undefined;
  readonly onStatusChange: () => void;
  /** The app's approvals: asked by the served core's change gate, and over the socket. */
  readonly approver?: Approver;
}

/** One generation of the app's servers: a core built from one version of the settings. */
export interface Serving {
  readonly core: AppCore;
  readonly workspaces: readonly WorkspaceView[];
  readonly http: AppHttpTransport;
  readonly socket: AppSocketTransport;
  /** Stops both transports (their clients are disconnected), then closes the audit log. */
  stop(): Promise<void>;
}

/**
 * Builds the core from the settings and starts the transports on it: the local socket
 * always (stdio clients reach it through airlock-bridge), HTTP once a key exists.
 */
export async function startServing(
  settings: Settings,
  deps: ServingDependencies,
): Promise<Serving> {
  const { core, workspaces } = await buildAppCore({ settings, ...deps });
  const http = new AppHttpTransport({
    keyStore: deps.keyStore,
    env: deps.env,
    log: deps.log,
    onStatusChange: deps.onStatusChange,
  });
  const socket = new AppSocketTransport({
    dataDir: deps.dataDir,
    log: deps.log,
    onStatusChange: deps.onStatusChange,
    ...(deps.createSocketServer ? { createServer: deps.createSocketServer } : {}),
    ...(deps.approver ? { approver: deps.approver } : {}),
  });
  try {
    await Promise.all([http.start(core, settings.http), socket.start(core)]);
  } catch (error) {
    await Promise.allSettled([http.stop(), socket.stop()]);
    core.audit.close();
    throw error;
  }
  return {
    core,
    workspaces,
    http,
    socket,
    async stop() {
      await Promise.allSettled([http.stop(), socket.stop()]);
      // A call the stop cut short (one waiting for the person's OK, say) is still recorded.
      await core.callsInFlight.drained(CALLS_DRAIN_MS);
      // History finishes what the last changes left to do after their answers.
      await core.journal.settled().catch(() => undefined);
      // The app may quit right after: the last records reach the keychain's anchor first.
      await core.audit.closeAndAnchor();
    },
  };
}
