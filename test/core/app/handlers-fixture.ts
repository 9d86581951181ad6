// The IPC handlers the shell registers, over a real app on a sandbox (app-fixture.ts), and
// the two ways a test reads what they answer: the data of a success, or the refusal.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import {
  createIpcHandlers,
  type IpcHandlerDependencies,
  type IpcHandlers,
} from '../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp, AirlockAppOptions } from '../../../main/core/app/start-airlock-app.ts';
import type { Envelope } from '../../../preload/ipc-contract.ts';
import { writeConfig } from '../settings/settings-fixture.ts';
import type { AppSandbox } from './app-fixture.ts';

export interface HandlersOptions {
  /** Settings written to config.json, in a data dir made 0o700, before the app starts. */
  readonly config?: unknown;
  /** The app's own options, such as its key store. */
  readonly appOptions?: Partial<AirlockAppOptions>;
  /** Besides the app and the log; both pickers answer as if the person cancelled. */
  readonly dependencies?: Partial<Omit<IpcHandlerDependencies, 'app' | 'log'>>;
}

/** Starts an app on the sandbox and the IPC handlers over it; sandbox.cleanup() stops it. */
export async function startHandlers(
  sandbox: AppSandbox,
  options: HandlersOptions = {},
): Promise<{ app: AirlockApp; handlers: IpcHandlers }> {
  if (options.config !== undefined) {
    await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
    await writeConfig(sandbox.dataDir, options.config);
  }
  const app = await sandbox.start(options.appOptions);
  const handlers = createIpcHandlers({
    app,
    pickFolder: async () => undefined,
    pickSaveFile: async () => undefined,
    log: sandbox.log,
    ...options.dependencies,
  });
  return { app, handlers };
}

export function data<T>(envelope: Envelope<T>): T {
  assert.ok(envelope.ok, `expected success, got ${JSON.stringify(envelope)}`);
  return envelope.data;
}

export function refusal(envelope: Envelope<unknown>): { code: string; message: string } {
  assert.equal(envelope.ok, false, `expected a refusal, got ${JSON.stringify(envelope)}`);
  return envelope.ok ? { code: '', message: '' } : envelope.error;
}
