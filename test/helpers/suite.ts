// One sandbox and one server per describe block, with the liveness check the attack
// suite runs after every test: the server must still answer.
import type { Client } from '@modelcontextprotocol/client';
import { after, afterEach, before } from 'node:test';
import type { FileAccessKind } from '../../main/core/platform/file-access.ts';
import { assertAlive } from './results.ts';
import { makeSandbox, type Sandbox } from './sandbox.ts';
import { startServer, type RunningServer } from './server.ts';

export interface ServedSandbox {
  readonly sandbox: Sandbox;
  readonly client: Client;
  readonly server: RunningServer;
  /** Outside paths and content no result may contain (unless the agent sent them itself). */
  readonly leaks: string[];
}

export function serveSandbox(
  options: {
    allowWrite?: boolean;
    fileAccess?: FileAccessKind;
    prepare?: (sandbox: Sandbox) => Promise<void>;
  } = {},
): ServedSandbox {
  let sandbox: Sandbox | undefined;
  let server: RunningServer | undefined;
  before(async () => {
    sandbox = await makeSandbox();
    await options.prepare?.(sandbox);
    server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: options.allowWrite ?? true,
      ...(options.fileAccess ? { fileAccess: options.fileAccess } : {}),
    });
  });
  afterEach(async () => {
    if (server && sandbox) await assertAlive(server.client, sandbox.ws);
  });
  after(async () => {
    await server?.close();
    await sandbox?.cleanup();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('serveSandbox used before its before() hook ran');
    return value;
  };
  return {
    get sandbox() {
      return need(sandbox);
    },
    get server() {
      return need(server);
    },
    get client() {
      return need(server).client;
    },
    get leaks() {
      const s = need(sandbox);
      return [s.secret, s.outside];
    },
  };
}

/** The leak list for one request: the agent's own path may be echoed, nothing else outside. */
export function leaksFor(leaks: readonly string[], request: unknown): string[] {
  const sent = JSON.stringify(request);
  return leaks.filter((needle) => !sent.includes(needle));
}
