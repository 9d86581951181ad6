import { z } from 'zod';
import { AuditSettingsSchema } from '../audit/audit-settings.ts';
import { HttpSettingsSchema } from './http-settings.ts';
import { LimitsSchema } from '../policy/limits.ts';
import type { RawSettings } from './settings-migrations.ts';
import {
  AccessSettingsSchema,
  AppPreferencesSchema,
  SettingsSchema,
  type Settings,
} from './settings-schema.ts';
import { WorkspaceAccessSchema } from '../../../preload/contract/vocabulary.ts';

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

const WorkspaceEntrySchema = z.object({
  path: z.string().min(1),
  access: WorkspaceAccessSchema,
});

/** What may change in one update: any field of any section; arrays are replaced whole. */
export const SettingsPatchSchema = z.strictObject({
  app: patchOf(AppPreferencesSchema.shape).optional(),
  access: patchOf(AccessSettingsSchema.shape).optional(),
  audit: patchOf(AuditSettingsSchema.shape).optional(),
  http: patchOf(HttpSettingsSchema.shape).optional(),
  limits: patchOf(LimitsSchema.shape).optional(),
  guard: patchOf(SettingsSchema.shape.guard.unwrap().shape).optional(),
  launchPoints: patchOf(SettingsSchema.shape.launchPoints.unwrap().shape).optional(),
  workspaces: z.array(WorkspaceEntrySchema).optional(),
});

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/**
 * The file after a patch: sections are merged field by field into what the person already
 * chose, so a default they never touched stays a default (and follows future versions).
 */
export function applySettingsPatch(raw: RawSettings, patch: SettingsPatch): RawSettings {
  const next: RawSettings = { ...raw };
  for (const [section, change] of Object.entries(patch)) {
    if (change === undefined) continue;
    if (Array.isArray(change)) {
      next[section] = change;
      continue;
    }
    const current = next[section];
    const base = typeof current === 'object' && current !== null ? current : {};
    const defined = Object.entries(change).filter(([, value]) => value !== undefined);
    next[section] = { ...base, ...Object.fromEntries(defined) };
  }
  return next;
}

/** The settings that differ, as dotted keys (`limits.maxReadBytes`); arrays count as one key. */
export function changedSettingKeys(before: Settings, after: Settings): string[] {
  const keys = new Set<string>();
  const walk = (left: unknown, right: unknown, prefix: string) => {
    if (isPlainObject(left) && isPlainObject(right)) {
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
        walk(left[key], right[key], prefix ? `${prefix}.${key}` : key);
      return;
    }
    if (JSON.stringify(left) !== JSON.stringify(right)) keys.add(prefix);
  };
  walk(before, after, '');
  return [...keys].sort();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
