import { z } from 'zod';
import { AskBeforeSchema } from './approval-views.ts';
import { CallOutcomeSchema, WorkspaceAccessSchema } from './vocabulary.ts';

// What the tray and the window show about the running app: getStatus's answer and the
// statusChanged event. Main builds these from its own state.

export const WorkspaceViewSchema = z.object({
  /** The folder as the person chose it; it identifies the workspace in every channel. */
  path: z.string(),
  access: WorkspaceAccessSchema,
  /**
   * Which of an agent's changes here wait for the person's OK. The app always says; views
   * made elsewhere (a key's scope, an app's connection) have no use for it.
   */
  askBefore: AskBeforeSchema.optional(),
  /**
   * Whether agents see placeholders instead of the passwords and keys inside its files. The
   * app always says; other views have no use for it, as for askBefore.
   */
  maskSecrets: z.boolean().optional(),
  /** False when the folder is missing or unreadable now: agents cannot use it until it is back. */
  available: z.boolean(),
  /** Why it is unavailable, in plain words. */
  problem: z.string().optional(),
});
export type WorkspaceView = z.infer<typeof WorkspaceViewSchema>;

export const TransportStatusSchema = z.object({
  transport: z.enum(['http', 'socket']),
  /**
   * listening: serving at `address`. off: not started, by design (no key yet).
   * failed: it tried and could not (port in use). unavailable: not in this build.
   */
  state: z.enum(['listening', 'off', 'failed', 'unavailable']),
  address: z.string().optional(),
  /** Why it is not listening, in plain words. */
  detail: z.string().optional(),
});
export type TransportStatus = z.infer<typeof TransportStatusSchema>;

export const ActivitySchema = z.object({
  /** ISO 8601, from the audit record. */
  at: z.string(),
  tool: z.string().optional(),
  client: z.string().optional(),
  outcome: CallOutcomeSchema,
});
export type Activity = z.infer<typeof ActivitySchema>;

export const SettingsRecoverySchema = z.object({
  movedTo: z.string().optional(),
  problem: z.string(),
});

/** One client connected now, by the name it gave in MCP (its clientInfo). */
export const ConnectedClientSchema = z.object({
  /** The client's own name ("claude-code", "Cursor"); unnamed clients get a stand-in. */
  name: z.string(),
  version: z.string().optional(),
  transport: z.enum(['http', 'socket']),
  /** The key it presented, over HTTP. */
  key: z.string().optional(),
  /** ISO 8601: when its session or connection opened, or a stateless client was first seen. */
  since: z.string(),
});
export type ConnectedClient = z.infer<typeof ConnectedClientSchema>;

export const AppStatusSchema = z.object({
  paused: z.boolean(),
  transports: z.array(TransportStatusSchema),
  /** How many entries `clients` has: the tray shows the number, the window the names. */
  clientsConnected: z.number().int().min(0),
  /**
   * HTTP sessions open now, 2026-era (stateless) HTTP clients seen in the last few
   * minutes, and connections on the local socket; oldest first.
   */
  clients: z.array(ConnectedClientSchema),
  /** The latest tool call this app served, from the audit log's live records. */
  lastActivity: ActivitySchema.nullable(),
  workspaces: z.array(WorkspaceViewSchema),
  /** Changes waiting for the person's OK now: the tray says "2 changes waiting for your OK". */
  approvalsWaiting: z.number().int().min(0),
  /** Set when the settings file was damaged at start and set aside. */
  settingsRecovered: SettingsRecoverySchema.nullable(),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;
