import { z } from 'zod';
import { APP_ERROR_CODES } from '../main/core/app/app-error.ts';
import { AppStatusSchema, WorkspaceViewSchema } from '../main/core/app/app-status.ts';
import { SettingsPatchSchema } from '../main/core/settings/settings-patch.ts';
import { SettingsSchema } from '../main/core/settings/settings-schema.ts';
import type { EventChannel, InvokeChannel } from './ipc-channels.ts';

/**
 * The IPC contract: every channel between the window and main, with zod schemas for its
 * request and its result. Main validates each request (and its own result) with these;
 * the preload exposes the channels; the renderer gets the inferred types. The renderer
 * imports this file's types only: its values reach into main/core.
 */
const AccessSchema = z.enum(['read', 'write']);
const FolderSchema = z.string().min(1).max(32_768);
const NoRequest = z.undefined();

export const ipcContract = {
  getStatus: { request: NoRequest, response: AppStatusSchema },
  /** The kill switch, the same one the tray's "Pause all access" flips. */
  setPaused: { request: z.strictObject({ paused: z.boolean() }), response: AppStatusSchema },
  listWorkspaces: { request: NoRequest, response: z.array(WorkspaceViewSchema) },
  /**
   * Opens the native folder picker in main: the window never names a path to add, so a
   * compromised page cannot grant itself a folder. `added` is null when the person cancels.
   */
  addWorkspace: {
    request: z.strictObject({ access: AccessSchema }),
    response: z.object({
      added: WorkspaceViewSchema.nullable(),
      workspaces: z.array(WorkspaceViewSchema),
    }),
  },
  removeWorkspace: {
    request: z.strictObject({ path: FolderSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  setWorkspaceAccess: {
    request: z.strictObject({ path: FolderSchema, access: AccessSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  getSettings: { request: NoRequest, response: SettingsSchema },
  /** Any setting but the folders and the kill switch, which have channels of their own. */
  updateSettings: {
    request: SettingsPatchSchema.omit({ workspaces: true, access: true }),
    response: SettingsSchema,
  },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const ipcEvents = {
  statusChanged: AppStatusSchema,
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
