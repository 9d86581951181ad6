import { z } from 'zod';
import { AuditSettingsSchema } from '../audit/audit-settings.ts';
import { HttpSettingsSchema } from './http-settings.ts';
import { DEFAULT_LIMITS, LimitsSchema } from '../policy/limits.ts';
import { DEFAULT_LAUNCH_POINT_SETTINGS } from '../policy/launch-points.ts';
import type { NamePatternSettings } from '../policy/name-patterns.ts';
import { DEFAULT_GUARD_SETTINGS } from '../policy/sensitive-guard.ts';
import { WorkspaceAccessSchema } from '../../../preload/contract/vocabulary.ts';

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

/** A list of name patterns (see NamePatterns), each field defaulting to `defaults`. */
function namePatternsSchema(defaults: NamePatternSettings) {
  return z
    .object({
      enabled: z.boolean().default(defaults.enabled),
      patterns: z.array(z.string().min(1)).default([...defaults.patterns]),
      nestedPatterns: z.array(z.string().min(1)).default([...defaults.nestedPatterns]),
    })
    .default({
      enabled: defaults.enabled,
      patterns: [...defaults.patterns],
      nestedPatterns: [...defaults.nestedPatterns],
    });
}

/**
 * The settings file (electron-store's config.json in the data dir), as the core reads it.
 * Keys it does not know (electron-store's `__internal__`, settings of a newer version) are
 * ignored when read and kept when the app writes the file.
 */
export const SettingsSchema = z.object({
  app: AppPreferencesSchema.default(AppPreferencesSchema.parse({})),
  access: AccessSettingsSchema.default(AccessSettingsSchema.parse({})),
  audit: AuditSettingsSchema.default(AuditSettingsSchema.parse({})),
  http: HttpSettingsSchema.default(HttpSettingsSchema.parse({})),
  workspaces: z
    .array(z.object({ path: z.string().min(1), access: WorkspaceAccessSchema }))
    .default([]),
  limits: LimitsSchema.partial()
    .default({})
    .transform((limits) => ({ ...DEFAULT_LIMITS, ...limits })),
  /** Files no agent may read: secrets, keys, credentials. */
  guard: namePatternsSchema(DEFAULT_GUARD_SETTINGS),
  /** Files an agent may read but never change: their change runs code outside Airlock. */
  launchPoints: namePatternsSchema(DEFAULT_LAUNCH_POINT_SETTINGS),
});

export type Settings = z.infer<typeof SettingsSchema>;
/** The file's shape: every key optional, as a person may write it. */
export type SettingsInput = z.input<typeof SettingsSchema>;
