import { z } from 'zod';
import { activityContract } from './contract/activity-contract.ts';
import { ActivityAddedSchema } from './contract/activity-views.ts';
import { APP_ERROR_CODES } from './contract/app-errors.ts';
import { ApprovalsViewSchema } from './contract/approval-views.ts';
import { approvalsContract } from './contract/approvals-contract.ts';
import { changesContract } from './contract/changes-contract.ts';
import type { ChannelSchemas } from './contract/channel-schemas.ts';
import { ClientChangedSchema, connectionsContract } from './contract/connections-contract.ts';
import { workspacesContract } from './contract/workspaces-contract.ts';
import { keysContract } from './contract/keys-contract.ts';
import { settingsContract } from './contract/settings-contract.ts';
import { statusContract } from './contract/status-contract.ts';
import { AppStatusSchema } from './contract/status-views.ts';
import type { EventChannel, InvokeChannel } from './ipc-channels.ts';

/**
 * The IPC contract: every channel between the window and main, with zod schemas for its
 * request and its result. Main validates each request (and its own result) with these;
 * the preload exposes the channels; the renderer gets the inferred types, and only them:
 * main is the one that checks, so the window's bundle carries none of the schemas. Each
 * area's channels and views are in preload/contract/, which depends on zod alone.
 */
export const ipcContract = {
  ...statusContract,
  ...workspacesContract,
  ...settingsContract,
  ...keysContract,
  ...activityContract,
  ...connectionsContract,
  ...changesContract,
  ...approvalsContract,
} as const satisfies Record<InvokeChannel, ChannelSchemas>;

export const ipcEvents = {
  statusChanged: AppStatusSchema,
  activityAdded: ActivityAddedSchema,
  clientChanged: ClientChangedSchema,
  /** A change came to wait for the person's OK, was answered or left; a permission began or ended. */
  approvalsChanged: ApprovalsViewSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

export const IpcErrorSchema = z.object({ code: z.enum(APP_ERROR_CODES), message: z.string() });
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** Every result crosses IPC as an envelope: Electron keeps only the message of a thrown error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema }),
  ]);
}

export type RequestOf<C extends InvokeChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof ipcContract)[C]['response']>;
export type EventPayloadOf<E extends EventChannel> = z.output<(typeof ipcEvents)[E]>;
