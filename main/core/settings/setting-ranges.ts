import { z } from 'zod';
import { ApprovalSettingsSchema } from '../../../preload/contract/approval-views.ts';
import { AuditSettingsSchema } from '../../../preload/contract/audit-settings-schema.ts';
import { HistorySettingsSchema } from '../../../preload/contract/history-settings-schema.ts';
import { HttpSettingsSchema } from '../../../preload/contract/http-settings-schema.ts';
import { LimitsSchema } from '../../../preload/contract/limits-schema.ts';
import type { SettingRange } from '../../../preload/contract/setting-range.ts';

/**
 * The lowest port the window lets a person choose: ports below 1024 need administrator
 * rights on macOS and Linux. The settings file may still say 0 (any free port) for tests.
 */
export const LOWEST_CHOSEN_PORT = 1024;

const SECTIONS = {
  limits: LimitsSchema.shape,
  audit: AuditSettingsSchema.shape,
  http: HttpSettingsSchema.shape,
  history: HistorySettingsSchema.shape,
  approvals: ApprovalSettingsSchema.shape,
} as const;

/**
 * Every number setting's range, by dotted key (`limits.maxReadBytes`), read from the
 * schemas the store validates with, so the window and the store can never disagree.
 */
export function settingRanges(): Record<string, SettingRange> {
  const ranges: Record<string, SettingRange> = {};
  for (const [section, shape] of Object.entries(SECTIONS)) {
    for (const [key, field] of Object.entries(shape as Record<string, z.ZodType>)) {
      const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
      if (!(inner instanceof z.ZodNumber)) continue;
      const { minValue, maxValue } = inner;
      if (minValue === null || maxValue === null) continue;
      ranges[`${section}.${key}`] = { min: minValue, max: maxValue, integer: inner.isInt };
    }
  }
  const port = ranges['http.port'];
  if (port) ranges['http.port'] = { ...port, min: LOWEST_CHOSEN_PORT };
  return ranges;
}
