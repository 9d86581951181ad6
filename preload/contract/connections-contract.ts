import { z } from 'zod';
import {
  ActionResultSchema,
  ClientIdSchema,
  ClientListSchema,
  ClientViewSchema,
  ConnectResultSchema,
  DisconnectResultSchema,
  SnippetKindSchema,
  SnippetListSchema,
} from './connection-views.ts';
import type { ConnectionChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { WorkspaceAccessSchema, WorkspacePathsSchema } from './vocabulary.ts';

/** The section that asked for a watch, named by itself: only it can end its own watch. */
const WatcherSchema = z.strictObject({ watcher: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/**
 * Connecting apps (MCP clients) to Airlock. The window names an app, never a file: main
 * finds each app's settings file itself. A key's secret crosses IPC only in
 * connectClient's answer, once, for an app that keeps it in its own secret storage.
 */
export const connectionsContract = {
  listClients: { request: z.undefined(), response: ClientListSchema },
  /** `workspaces` and `access` are for apps that connect over HTTP: what their key may reach. */
  connectClient: {
    request: z.strictObject({
      client: ClientIdSchema,
      workspaces: WorkspacePathsSchema.optional(),
      access: WorkspaceAccessSchema.optional(),
    }),
    response: ConnectResultSchema,
  },
  /** Removes only Airlock's entry from the app's settings, and revokes the app's key. */
  disconnectClient: {
    request: z.strictObject({ client: ClientIdSchema }),
    response: DisconnectResultSchema,
  },
  /** The text to set Airlock up by hand: for one app, or (no client) for apps not listed. */
  clientSnippet: {
    request: z.strictObject({ client: ClientIdSchema.optional() }),
    response: SnippetListSchema,
  },
  /** Main copies the snippet it made to the clipboard: the window names no text to copy. */
  copyClientSnippet: {
    request: z.strictObject({ client: ClientIdSchema.optional(), kind: SnippetKindSchema }),
    response: ActionResultSchema,
  },
  /** Opens Cursor's one-click install link, with a key made for Cursor. */
  openCursorInstallLink: {
    request: z.strictObject({ workspaces: WorkspacePathsSchema, access: WorkspaceAccessSchema }),
    response: ActionResultSchema,
  },
  /** `open`: hands the Claude Desktop extension to the system (Claude installs it). `reveal`: shows the file. */
  openClaudeExtension: {
    request: z.strictObject({ action: z.enum(['open', 'reveal']) }),
    response: ActionResultSchema,
  },
  /** Connect again for an app whose entry is gone or changed: the same merge, with a backup. */
  repairClient: {
    request: z.strictObject({ client: ClientIdSchema }),
    response: ConnectResultSchema,
  },
  /**
   * Lists the apps, then watches their settings files until unwatchClients (or the window
   * hides): a file that changes sends clientChanged with that app's fresh view.
   */
  watchClients: { request: WatcherSchema, response: ClientListSchema },
  unwatchClients: { request: WatcherSchema, response: z.null() },
} as const satisfies Record<ConnectionChannel, ChannelSchemas>;

/** Sent while the Connections section watches: an app's settings file changed. */
export const ClientChangedSchema = ClientViewSchema;
