import { z } from 'zod';
import {
  ApprovalSettingsSchema,
  AskBeforeSchema,
  LaunchPointChangesSchema,
} from './approval-views.ts';
import { AuditSettingsSchema } from './audit-settings-schema.ts';
import { HistorySettingsSchema } from './history-settings-schema.ts';
import { HttpSettingsSchema } from './http-settings-schema.ts';
import { LimitsSchema } from './limits-schema.ts';
import { SecretsSettingsSchema } from './secrets-settings-schema.ts';
import { WorkspaceAccessSchema } from './vocabulary.ts';

// The settings as config.json holds them, and as the window sees and changes them. Main
// reads the file with these sections, each defaulting to what a fresh install has.

/** What the tray app keeps for itself; the CLI reads and ignores it. */
export const AppPreferencesSchema = z.object({
  /** The app mirrors this to the OS login items (or the XDG autostart folder on Linux). */
  startAtLogin: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Set once the first run is finished or skipped, so it does not come back at each opening. */
  firstRunDone: z.boolean().default(false),
});

/**
 * The kill switch, saved so that "Pause all access" outlives a restart of the app: access
 * comes back only when the person resumes it.
 */
export const AccessSettingsSchema = z.object({
  paused: z.boolean().default(false),
});

/** A folder the person shared, as the settings keep it. */
export const WorkspaceEntrySchema = z.object({
  path: z.string().min(1),
  access: WorkspaceAccessSchema,
  /**
   * Which of an agent's changes wait for the person's OK. A folder the window adds asks
   * before deleting, moving or replacing; an entry saved before approvals existed, or written
   * without it, asks before nothing, as it did.
   */
  askBefore: AskBeforeSchema.default('nothing'),
  /** Secrets inside this folder's files are hidden from agents; on unless the person turns it off. */
  maskSecrets: z.boolean().default(true),
});

/** A list of name patterns: the sensitive-file guard and the launch-point guard are both one. */
export const NamePatternsSchema = z.object({
  enabled: z.boolean(),
  /** Glob-like name patterns: `*` matches any run of characters within one name. */
  patterns: z.array(z.string().min(1)),
  /** "dir/name" runs of segments, matched only in that order, such as ".aws/credentials". */
  nestedPatterns: z.array(z.string().min(1)),
});

/** The launch-point list, and whether an agent may change one with the person's OK. */
export const LaunchPointSettingsSchema = NamePatternsSchema.extend({
  /** "never" (the default): refused outright; "ask": each change waits for the person's OK. */
  agentChanges: LaunchPointChangesSchema.default('never'),
});

export const SettingsSchema = z.object({
  app: AppPreferencesSchema,
  access: AccessSettingsSchema,
  audit: AuditSettingsSchema,
  http: HttpSettingsSchema,
  workspaces: z.array(WorkspaceEntrySchema),
  limits: LimitsSchema,
  /** Files no agent may read: secrets, keys, credentials. */
  guard: NamePatternsSchema,
  /** Files an agent may read but never change: their change runs code outside Airlock. */
  launchPoints: LaunchPointSettingsSchema,
  /** How much change history keeps, so agents' changes can be undone. */
  history: HistorySettingsSchema,
  /** How long an agent's call, and its request, wait for the person's OK. */
  approvals: ApprovalSettingsSchema,
  /** How secrets inside files are found, and which files show theirs. */
  secrets: SecretsSettingsSchema,
});

export type Settings = z.infer<typeof SettingsSchema>;
