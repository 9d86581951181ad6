import { z } from 'zod';
import { ApprovalSettingsSchema } from './approval-views.ts';
import { AuditSettingsSchema } from './audit-settings-schema.ts';
import { HistorySettingsSchema } from './history-settings-schema.ts';
import { HttpSettingsSchema } from './http-settings-schema.ts';
import { LimitsSchema } from './limits-schema.ts';
import { SecretsSettingsSchema } from './secrets-settings-schema.ts';
import {
  AccessSettingsSchema,
  AppPreferencesSchema,
  LaunchPointSettingsSchema,
  NamePatternsSchema,
  WorkspaceEntrySchema,
  type Settings,
} from './settings-schema.ts';

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type OptionalFields<Shape extends z.ZodRawShape> = z.ZodObject<
  { [Key in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[Key]>> },
  z.core.$strict
>;

/**
 * A section of a patch: each field optional and without its default, so a patch names
 * only what changes, and unknown fields are refused. Cross-field rules (HTTP's timeouts)
 * are checked on the merged result by the full schema.
 */
function patchOf<Shape extends z.ZodRawShape>(shape: Shape): OptionalFields<Shape> {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
    fields[key] = z.optional(inner);
  }
  return z.strictObject(fields) as unknown as OptionalFields<Shape>;
}

/** What may change in one update: any field of any section; arrays are replaced whole. */
export const SettingsPatchSchema = z.strictObject({
  app: patchOf(AppPreferencesSchema.shape).optional(),
  access: patchOf(AccessSettingsSchema.shape).optional(),
  audit: patchOf(AuditSettingsSchema.shape).optional(),
  http: patchOf(HttpSettingsSchema.shape).optional(),
  limits: patchOf(LimitsSchema.shape).optional(),
  guard: patchOf(NamePatternsSchema.shape).optional(),
  launchPoints: patchOf(LaunchPointSettingsSchema.shape).optional(),
  history: patchOf(HistorySettingsSchema.shape).optional(),
  approvals: patchOf(ApprovalSettingsSchema.shape).optional(),
  secrets: patchOf(SecretsSettingsSchema.shape).optional(),
  workspaces: z.array(WorkspaceEntrySchema).optional(),
} satisfies Record<keyof Settings, z.ZodType>);

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;
