import type { z } from 'zod';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../../preload/ipc-channels.ts';
import {
  ipcContract,
  type Envelope,
  type IpcError,
  type ResponseOf,
} from '../../../../preload/ipc-contract.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { describeSettingsIssues } from '../../settings/settings-issues.ts';
import { SettingsInvalidError, SettingsReadOnlyError } from '../../settings/settings-store.ts';
import { AppError } from './app-error.ts';
import { activityIpc, type ActivityIpcDependencies } from './activity-ipc.ts';
import { approvalsIpc, type ApprovalsIpcDependencies } from './approvals-ipc.ts';
import { changesIpc, type ChangesIpcDependencies } from './changes-ipc.ts';
import type { ChannelImplementations } from './channel-implementation.ts';
import { connectionsIpc, type ConnectionsIpcDependencies } from './connections-ipc.ts';
import { workspacesIpc, type WorkspacesIpcDependencies } from './workspaces-ipc.ts';
import { keysIpc, type KeysIpcDependencies } from './keys-ipc.ts';
import { settingsIpc } from './settings-ipc.ts';
import { statusIpc } from './status-ipc.ts';

export interface IpcHandlerDependencies extends WorkspacesIpcDependencies {
  readonly app: WorkspacesIpcDependencies['app'] &
    Parameters<typeof statusIpc>[0] &
    Parameters<typeof settingsIpc>[0] &
    KeysIpcDependencies &
    ConnectionsIpcDependencies['app'] &
    ActivityIpcDependencies['app'] &
    ChangesIpcDependencies &
    ApprovalsIpcDependencies;
  /**
   * The Connections page: where apps keep their settings, Airlock's own pieces. The shell
   * and the UI harness always give it; without it (tests of other areas) its channels
   * answer "unavailable".
   */
  readonly connections?: ConnectionsIpcDependencies['connections'];
  /** Links, files and the clipboard, through the desktop (recorded in the UI harness). */
  readonly desktop?: ConnectionsIpcDependencies['desktop'];
  /**
   * The native save dialog, shown by main, for exports: the window never names a file to
   * write. Resolves undefined when the person cancels.
   */
  readonly pickSaveFile: (suggestedName: string) => Promise<string | undefined>;
  readonly log: DiagnosticsLog;
}

/** Takes the raw payload from the wire; always resolves, with an envelope. */
export type IpcHandler<C extends InvokeChannel = InvokeChannel> = (
  request: unknown,
) => Promise<Envelope<ResponseOf<C>>>;
export type IpcHandlers = { readonly [C in InvokeChannel]: IpcHandler<C> };

type Implementations = ChannelImplementations<InvokeChannel>;

/**
 * The main-process side of the IPC contract, in plain Node: each handler validates its
 * payload with the contract's schema, does the work (one file per area, in ./ipc/),
 * checks its own result against the contract, and answers with an envelope. The shell
 * adds the sender check in front.
 */
export function createIpcHandlers(deps: IpcHandlerDependencies): IpcHandlers {
  const implementations: Implementations = {
    ...statusIpc(deps.app),
    ...workspacesIpc(deps),
    ...settingsIpc(deps.app),
    ...keysIpc(deps.app),
    ...activityIpc(deps),
    ...connectionsIpc(deps),
    ...changesIpc(deps.app),
    ...approvalsIpc(deps.app),
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
