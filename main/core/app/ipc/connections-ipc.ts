import type { ConnectionChannel } from '../../../../preload/ipc-channels.ts';
import type { ClientEnvironment } from '../../connect/client-environment.ts';
import type { KeychainKeyStore } from '../../keys/keychain-key-store.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { AppError } from './app-error.ts';
import type { AirlockPieces } from '../connections/connections-endpoints.ts';
import { Connections, describeError } from '../connections/connections-service.ts';
import type { ClientWatch } from '../connections/connections-watch.ts';
import type { AirlockApp } from '../start-airlock-app.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

/**
 * What main does outside the window on the person's behalf: Electron's shell and
 * clipboard in the app, recorded calls in the UI harness.
 */
export interface DesktopActions {
  /** Hands a URL to the system (Cursor's cursor:// install link). */
  openExternal(url: string): Promise<void>;
  /** Opens a file with its app (the .mcpb extension opens in Claude Desktop); rejects with the reason. */
  openPath(file: string): Promise<void>;
  /** Shows a file in Finder, Explorer or the file manager. */
  showItemInFolder(file: string): void;
  writeClipboard(text: string): void;
}

export interface ConnectionsSetup {
  /** Where the apps keep their settings: the real home in the app, a fixture tree in tests. */
  readonly environment: ClientEnvironment;
  readonly pieces: AirlockPieces;
  /** The app's key store, to tell whether the key in an app's file is still current. */
  readonly keyStore: Pick<KeychainKeyStore, 'loadVerifierEntries'>;
  /** Watches the apps' settings files while the section is open; its events reach the window. */
  readonly watch: ClientWatch;
}

export interface ConnectionsIpcDependencies {
  readonly app: Pick<AirlockApp, 'dataDir' | 'workspaces' | 'settings' | 'keys'>;
  readonly connections: ConnectionsSetup;
  readonly desktop: DesktopActions;
  /** Where the system's own reasons go (a failed open): the window gets plain words. */
  readonly log: DiagnosticsLog;
}

export function connectionsIpc(
  deps: Omit<ConnectionsIpcDependencies, 'connections' | 'desktop'> &
    Partial<Pick<ConnectionsIpcDependencies, 'connections' | 'desktop'>>,
): ChannelImplementations<ConnectionChannel> {
  const { app, connections: setup, desktop, log } = deps;
  if (setup === undefined || desktop === undefined) return notWired();
  const connections = new Connections({
    dataDir: app.dataDir,
    workspaces: () => app.workspaces(),
    httpPort: () => app.settings.settings.http.port,
    environment: setup.environment,
    pieces: setup.pieces,
    keys: { manager: app.keys, store: setup.keyStore },
    log,
  });
  return {
    listClients: () => connections.list(),
    repairClient: ({ client }) => connections.repair(client),
    // Watching first, then the list: a change made in between is not missed.
    watchClients: async ({ watcher }) => {
      await setup.watch.start(watcher, connections, (problem) =>
        log.warn(`connections: ${problem}`),
      );
      return connections.list();
    },
    unwatchClients: ({ watcher }) => {
      setup.watch.stop(watcher);
      return null;
    },
    connectClient: (request) => connections.connect(request),
    disconnectClient: ({ client }) => connections.disconnect(client),
    clientSnippet: ({ client }) => connections.snippets(client),
    copyClientSnippet: async ({ client, kind }) => {
      desktop.writeClipboard(await connections.snippetText(client, kind));
      return { message: "Copied. Paste it into the app's settings." };
    },
    openCursorInstallLink: (request) =>
      connections.openCursorInstallLink(request, (link) => desktop.openExternal(link)),
    openClaudeExtension: async ({ action }) => {
      const file = await connections.extensionFile();
      if (file === undefined)
        throw new AppError(
          'not_found',
          'This copy of Airlock has no Claude Desktop extension. Use Connect instead.',
        );
      if (action === 'reveal') {
        desktop.showItemInFolder(file);
        return { message: `The extension is ${file}.` };
      }
      try {
        await desktop.openPath(file);
      } catch (error) {
        log.warn(`the Claude Desktop extension could not be opened: ${describeError(error)}`);
        throw new AppError(
          'unavailable',
          `The extension could not be opened. In Claude Desktop, open Settings, then Extensions, and install ${file}.`,
        );
      }
      return {
        message:
          'Claude Desktop was asked to install the Airlock extension: switch to it and choose Install. Use the extension or the settings entry, not both.',
      };
    },
  };
}

/** For tests of other areas, which build the handlers without a desktop. */
function notWired(): ChannelImplementations<ConnectionChannel> {
  const refuse = () => {
    throw new AppError('unavailable', 'Connecting apps is not available here.');
  };
  return {
    listClients: refuse,
    connectClient: refuse,
    disconnectClient: refuse,
    clientSnippet: refuse,
    copyClientSnippet: refuse,
    openCursorInstallLink: refuse,
    openClaudeExtension: refuse,
    repairClient: refuse,
    watchClients: refuse,
    unwatchClients: refuse,
  };
}
