import { z } from 'zod';
import { AuditSettingsSchema } from '../audit/audit-settings.ts';
import { HttpSettingsSchema } from '../http/http-settings.ts';
import { DEFAULT_LIMITS, LimitsSchema } from '../policy/limits.ts';
import { DEFAULT_GUARD_SETTINGS } from '../policy/sensitive-guard.ts';

/** The settings file (electron-store's config.json in the data dir), as the core reads it. */
export const SettingsSchema = z.object({
  audit: AuditSettingsSchema.default(AuditSettingsSchema.parse({})),
  http: HttpSettingsSchema.default(HttpSettingsSchema.parse({})),
  workspaces: z
    .array(z.object({ path: z.string().min(1), access: z.enum(['read', 'write']) }))
    .default([]),
  limits: LimitsSchema.partial()
    .default({})
    .transform((limits) => ({ ...DEFAULT_LIMITS, ...limits })),
  guard: z
    .object({
      enabled: z.boolean().default(DEFAULT_GUARD_SETTINGS.enabled),
      patterns: z.array(z.string().min(1)).default([...DEFAULT_GUARD_SETTINGS.patterns]),
      nestedPatterns: z
        .array(z.string().min(1))
        .default([...DEFAULT_GUARD_SETTINGS.nestedPatterns]),
    })
    .default({
      enabled: DEFAULT_GUARD_SETTINGS.enabled,
      patterns: [...DEFAULT_GUARD_SETTINGS.patterns],
      nestedPatterns: [...DEFAULT_GUARD_SETTINGS.nestedPatterns],
    }),
});

export type Settings = z.infer<typeof SettingsSchema>;
