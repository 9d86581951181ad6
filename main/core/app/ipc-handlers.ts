import type { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../preload/ipc-channels.ts';
import {
  ipcContract,
  type Envelope,
  type IpcError,
  type ResponseOf,
} from '../../../preload/ipc-contract.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { describeSettingsIssues } from '../settings/settings-issues.ts';
import { SettingsInvalidError, SettingsReadOnlyError } from '../settings/settings-store.ts';
import { AppError } from './app-error.ts';
import type { AirlockApp } from './start-airlock-app.ts';

export interface IpcHandlerDependencies {
  readonly app: Pick<
    AirlockApp,
    | 'status'
    | 'setPaused'
    | 'workspaces'
    | 'addWorkspace'
    | 'removeWorkspace'
    | 'setWorkspaceAccess'
    | 'updateSettings'
    | 'settings'
  >;
  /** The native folder picker, shown by main; resolves undefined when the person cancels. */
  readonly pickFolder: () => Promise<string | undefined>;
  readonly log: DiagnosticsLog;
}

/** Takes the raw payload from the wire; always resolves, with an envelope. */
export type IpcHandler<C extends InvokeChannel = InvokeChannel> = (
  request: unknown,
) => Promise<Envelope<ResponseOf<C>>>;
export type IpcHandlers = { readonly [C in InvokeChannel]: IpcHandler<C> };

type RequestData<C extends InvokeChannel> = z.output<(typeof ipcContract)[C]['request']>;
type Implementations = {
  readonly [C in InvokeChannel]: (
    request: RequestData<C>,
  ) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/**
 * The main-process side of the IPC contract, in plain Node: each handler validates its
 * payload with the contract's schema, does the work, checks its own result against the
 * contract, and answers with an envelope. The shell adds the sender check in front.
 */
export function createIpcHandlers(deps: IpcHandlerDependencies): IpcHandlers {
  const { app } = deps;
  const implementations: Implementations = {
    getStatus: () => app.status(),
    setPaused: ({ paused }) => app.setPaused(paused),
    listWorkspaces: () => app.workspaces(),
    addWorkspace: async ({ access }) => {
      const folder = await deps.pickFolder();
      const added = folder === undefined ? null : await app.addWorkspace(folder, access);
      return { added, workspaces: app.workspaces() };
    },
    removeWorkspace: ({ path }) => app.removeWorkspace(path),
    setWorkspaceAccess: ({ path, access }) => app.setWorkspaceAccess(path, access),
    getSettings: () => app.settings.settings,
    updateSettings: (patch) => app.updateSettings(patch),
  };
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (request: unknown) => handle(channel, implementations, request, deps.log),
    ]),
  );
  return handlers as IpcHandlers;
}

async function handle<C extends InvokeChannel>(
  channel: C,
  implementations: Implementations,
  request: unknown,
  log: DiagnosticsLog,
): Promise<Envelope<ResponseOf<C>>> {
  const schemas = ipcContract[channel];
  const parsed = schemas.request.safeParse(request);
  if (!parsed.success) {
    return failure({
      code: 'invalid_request',
      message: `The request to ${channel} is not valid: ${oneLine(parsed.error)}`,
    });
  }
  let result: unknown;
  try {
    const implementation = implementations[channel] as (request: unknown) => unknown;
    result = await implementation(parsed.data);
  } catch (error) {
    return failure(expectedError(error) ?? unexpected(channel, error, log));
  }
  const checked = schemas.response.safeParse(result);
  if (!checked.success) {
    return failure(
      unexpected(channel, new Error(`result outside the contract: ${oneLine(checked.error)}`), log),
    );
  }
  return { ok: true, data: checked.data as ResponseOf<C> };
}

function expectedError(error: unknown): IpcError | undefined {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof SettingsInvalidError)
    return { code: 'invalid_settings', message: error.message };
  if (error instanceof SettingsReadOnlyError)
    return { code: 'unavailable', message: error.message };
  return undefined;
}

/** The cause goes to the diagnostics log only; the window gets a calm, generic message. */
function unexpected(channel: InvokeChannel, error: unknown, log: DiagnosticsLog): IpcError {
  log.error(
    `ipc ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return {
    code: 'internal',
    message: 'Airlock could not do that. The details are in its diagnostics log.',
  };
}

function failure(error: IpcError): Envelope<never> {
  return { ok: false, error };
}

function oneLine(error: z.ZodError): string {
  return describeSettingsIssues(error);
}
