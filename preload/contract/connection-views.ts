import { z } from 'zod';
import { ApiKeySecretSchema } from './api-key.ts';

// What the Connections page shows and gets back. Whatever is not named here is dropped
// before a result leaves main.

/** The apps Airlock knows how to connect, by the id the window and `airlock connect` use. */
export const CLIENT_IDS = [
  'claude-desktop',
  'cursor',
  'vscode',
  'windsurf',
  'claude-code',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];
export const ClientIdSchema = z.enum(CLIENT_IDS);

export const ClientViewSchema = z.object({
  id: ClientIdSchema,
  name: z.string(),
  /** Whether the app seems installed: its settings folder exists. */
  installed: z.boolean(),
  /** The settings file Airlock edits. */
  configFile: z.string(),
  /** Whether Airlock's entry is in that file now. */
  connected: z.boolean(),
  /**
   * What became of the entry Airlock wrote last: `gone` (the app, or someone, took it out),
   * `changed` (someone else changed it), or null (as Airlock wrote it, or never written).
   */
  entryDrift: z.enum(['gone', 'changed']).nullable(),
  /** `bridge`: a local connection through airlock-bridge. `http`: the loopback URL and a key. */
  connection: z.enum(['bridge', 'http']),
  /** Whether the app must be restarted to see a change (otherwise it reloads on its own). */
  restartRequired: z.boolean(),
  /** What to do for the app to pick up the change, in plain words. */
  afterChange: z.string(),
  /** The key made for this app (named after it), when there is one. */
  keyName: z.string().nullable(),
  /** Why Airlock will not change the settings file now, naming the file; null when it can. */
  problem: z.string().nullable(),
  /** Cursor: it can also be connected through its one-click install link. */
  installLink: z.boolean(),
  /** Claude Desktop: the Airlock extension file, when this build has one. */
  extensionFile: z.string().nullable(),
});
export type ClientView = z.infer<typeof ClientViewSchema>;

export const ClientListSchema = z.object({
  clients: z.array(ClientViewSchema),
  /** Why apps that connect over HTTP cannot be connected now (no fixed port), or null. */
  httpProblem: z.string().nullable(),
  /** Why apps that start the bridge cannot be connected now (no Node.js, no bridge), or null. */
  bridgeProblem: z.string().nullable(),
});
export type ClientList = z.infer<typeof ClientListSchema>;

export const ConnectResultSchema = z.object({
  client: ClientViewSchema,
  /** False when the entry was there already, exactly so. */
  changed: z.boolean(),
  configFile: z.string(),
  /** The copy of the old settings file, when there was one and it changed. */
  backup: z.string().nullable(),
  /** The outcome in plain words: what was written, the backup, what to do next. */
  message: z.string(),
  /** The key this app uses, when it connects over HTTP. */
  keyName: z.string().nullable(),
  /**
   * For an app that keeps the key in its own secret storage (VS Code asks for it itself):
   * the new key, this once.
   */
  secret: ApiKeySecretSchema.nullable(),
});
export type ConnectResult = z.infer<typeof ConnectResultSchema>;

export const DisconnectResultSchema = z.object({
  client: ClientViewSchema,
  changed: z.boolean(),
  backup: z.string().nullable(),
  /** Whether the app's key was revoked too. */
  keyRevoked: z.boolean(),
  message: z.string(),
});
export type DisconnectResult = z.infer<typeof DisconnectResultSchema>;

export const SnippetKindSchema = z.enum(['bridge', 'http', 'command']);
export type SnippetKind = z.infer<typeof SnippetKindSchema>;

export const SnippetSchema = z.object({
  kind: SnippetKindSchema,
  /** What it is for, in plain words. */
  title: z.string(),
  text: z.string(),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const SnippetListSchema = z.object({
  snippets: z.array(SnippetSchema),
  /** Why a kind is missing (no Node.js, no fixed port), in plain words. */
  notes: z.array(z.string()),
});
export type SnippetList = z.infer<typeof SnippetListSchema>;

/** The outcome of an action done outside the window (a link opened, a text copied). */
export const ActionResultSchema = z.object({ message: z.string() });
export type ActionResult = z.infer<typeof ActionResultSchema>;
