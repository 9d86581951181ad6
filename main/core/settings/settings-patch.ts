import type { SettingsPatch } from '../../../preload/contract/settings-patch-schema.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';
import type { RawSettings } from './settings-migrations.ts';

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
