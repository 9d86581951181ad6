// Statuses for model tests, and a running AirlockApp on a throwaway data dir with an
// in-memory keychain, so no test touches the person's keychain or settings.
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppStatus } from '../../../preload/contract/status-views.ts';
import {
  startAirlockApp,
  type AirlockApp,
  type AirlockAppOptions,
} from '../../../main/core/app/start-airlock-app.ts';
import { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import { MemoryKeychain } from '../../helpers/memory-keychain.ts';
import { capturedLog } from '../../helpers/captured-log.ts';

export { capturedLog };

export function statusWith(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    paused: false,
    transports: [],
    clientsConnected: 0,
    clients: [],
    lastActivity: null,
    workspaces: [],
    approvalsWaiting: 0,
    settingsRecovered: null,
    ...overrides,
  };
}

export interface AppSandbox {
  readonly root: string;
  readonly dataDir: string;
  /** Two folders that can be shared. */
  readonly folderA: string;
  readonly folderB: string;
  readonly keychain: MemoryKeychain;
  readonly keyStore: KeychainKeyStore;
  readonly log: ReturnType<typeof capturedLog>;
  /** Starts an app on this sandbox; every app started is stopped by cleanup(). */
  start(options?: Partial<AirlockAppOptions>): Promise<AirlockApp>;
  cleanup(): Promise<void>;
}

export const SEARCH_WORKER_URL = new URL(
  '../../../main/core/tools/search-content-worker.ts',
  import.meta.url,
);

export async function makeAppSandbox(): Promise<AppSandbox> {
  // Short: a Unix socket path must stay under about 100 bytes.
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-')));
  const dataDir = path.join(root, 'data');
  const folderA = path.join(root, 'a');
  const folderB = path.join(root, 'b');
  await Promise.all([mkdir(folderA), mkdir(folderB)]);
  const keychain = new MemoryKeychain();
  const keyStore = new KeychainKeyStore({ dataDir, keychain });
  const log = capturedLog();
  const apps: AirlockApp[] = [];
  return {
    root,
    dataDir,
    folderA,
    folderB,
    keychain,
    keyStore,
    log,
    async start(options = {}) {
      const app = await startAirlockApp({
        dataDir,
        searchWorkerUrl: SEARCH_WORKER_URL,
        env: {},
        log,
        keyStore,
        auditKey: async () => ({ key: new Uint8Array(32).fill(7), created: false }),
        statusPollMs: 0,
        ...options,
      });
      apps.push(app);
      return app;
    },
    async cleanup() {
      await Promise.all(apps.map((app) => app.stop()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Waits until the condition holds, polling; fails with the message after the timeout. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  message: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The app's HTTP address, once it listens (it waits for the first key). */
export async function httpAddress(app: AirlockApp): Promise<string> {
  const http = () => app.status().transports.find((transport) => transport.transport === 'http');
  await eventually(() => http()?.state === 'listening', 'HTTP listens', 10_000);
  return http()?.address ?? '';
}
