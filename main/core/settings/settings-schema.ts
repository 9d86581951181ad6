import { z } from 'zod';
import {
  ApprovalSettingsSchema,
  LaunchPointChangesSchema,
} from '../../../preload/contract/approval-views.ts';
import { AuditSettingsSchema } from '../../../preload/contract/audit-settings-schema.ts';
import { HistorySettingsSchema } from '../../../preload/contract/history-settings-schema.ts';
import { HttpSettingsSchema } from '../../../preload/contract/http-settings-schema.ts';
import { LimitsSchema } from '../../../preload/contract/limits-schema.ts';
import { SecretsSettingsSchema } from '../../../preload/contract/secrets-settings-schema.ts';
import {
  AccessSettingsSchema,
  AppPreferencesSchema,
  NamePatternsSchema,
  SettingsSchema,
  type Settings,
} from '../../../preload/contract/settings-schema.ts';
import { DEFAULT_LIMITS } from '../policy/limits.ts';
import { DEFAULT_LAUNCH_POINT_SETTINGS } from '../policy/launch-points.ts';
import type { NamePatternSettings } from '../policy/name-patterns.ts';
import { DEFAULT_GUARD_SETTINGS } from '../policy/sensitive-guard.ts';

/** A list of name patterns (see NamePatterns), each field defaulting to `defaults`. */
function namePatternsSchema(defaults: NamePatternSettings) {
  const { enabled, patterns, nestedPatterns } = NamePatternsSchema.shape;
  return z
    .object({
      enabled: enabled.default(defaults.enabled),
      patterns: patterns.default([...defaults.patterns]),
      nestedPatterns: nestedPatterns.default([...defaults.nestedPatterns]),
    })
    .default({
      enabled: defaults.enabled,
      patterns: [...defaults.patterns],
      nestedPatterns: [...defaults.nestedPatterns],
    });
}

/**
 * The settings file (electron-store's config.json in the data dir), as the core reads it:
 * the contract's settings, each section defaulting to what a fresh install has (the
 * defaults of the name lists and the limits are the policy's). Keys it does not know
 * (electron-store's `__internal__`, settings of a newer version) are ignored when read and
 * kept when the app writes the file.
 */
export const SettingsFileSchema = SettingsSchema.extend({
  app: AppPreferencesSchema.default(AppPreferencesSchema.parse({})),
  access: AccessSettingsSchema.default(AccessSettingsSchema.parse({})),
  audit: AuditSettingsSchema.default(AuditSettingsSchema.parse({})),
  http: HttpSettingsSchema.default(HttpSettingsSchema.parse({})),
  workspaces: SettingsSchema.shape.workspaces.default([]),
  limits: LimitsSchema.partial()
    .default({})
    .transform((limits) => ({ ...DEFAULT_LIMITS, ...limits })),
  guard: namePatternsSchema(DEFAULT_GUARD_SETTINGS),
  launchPoints: namePatternsSchema(DEFAULT_LAUNCH_POINT_SETTINGS)
    .unwrap()
    .extend({ agentChanges: LaunchPointChangesSchema.default('never') })
    .default({
      ...namePatternsSchema(DEFAULT_LAUNCH_POINT_SETTINGS).parse(undefined),
      agentChanges: 'never',
    }),
  history: HistorySettingsSchema.default(HistorySettingsSchema.parse({})),
  approvals: ApprovalSettingsSchema.default(ApprovalSettingsSchema.parse({})),
  secrets: SecretsSettingsSchema.default(SecretsSettingsSchema.parse({})),
} satisfies Record<keyof Settings, z.ZodType>);

/** The file's shape: every key optional, as a person may write it. */
export type SettingsInput = z.input<typeof SettingsFileSchema>;

/** Once read, the file is exactly the settings the window sees: this fails to compile otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _readAsSettings: Same<z.output<typeof SettingsFileSchema>, Settings> = true;
