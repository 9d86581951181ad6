import { access, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { AIRLOCK_VERSION } from '../version.ts';
import { SETTINGS_FILE_NAME } from './read-settings.ts';
import { describeSettingsIssues } from './settings-issues.ts';
import {
  migrateSettings,
  setRecordedVersion,
  SETTINGS_MIGRATIONS,
  type RawSettings,
  type SettingsMigrations,
} from './settings-migrations.ts';
import { SettingsFileSchema } from './settings-schema.ts';
import { writeSettingsFile } from './write-settings-file.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

/** What the app tells the person when it could not use their settings file. */
export interface SettingsRecovery {
  /** Where the unusable file now is; undefined when it could not be moved. */
  readonly movedTo: string | undefined;
  /** What was wrong with it, in words for the person. */
  readonly problem: string;
}

export interface LoadedSettings {
  readonly file: string;
  /** The file as JSON (after migrations): only what the person chose, plus bookkeeping. */
  readonly raw: RawSettings;
  readonly settings: Settings;
  readonly recovered: SettingsRecovery | undefined;
  /** False when a damaged file could not be set aside: the app must not write over it. */
  readonly writable: boolean;
}

export interface LoadAppSettingsOptions {
  readonly migrations?: SettingsMigrations;
  readonly appVersion?: string;
  readonly now?: () => Date;
}

/**
 * Reads the settings file for the app. Unlike the CLI's readSettings, which refuses a bad
 * file and leaves it alone (the person may be editing it), the app must start: a file that
 * is not JSON, fails a migration or fails the schema is renamed to
 * `config.corrupt-<time>.json`, the defaults are used, and the result says so. Pending
 * migrations run and the migrated file is written back.
 */
export async function loadAppSettings(
  dataDir: string,
  options: LoadAppSettingsOptions = {},
): Promise<LoadedSettings> {
  const file = path.join(dataDir, SETTINGS_FILE_NAME);
  const appVersion = options.appVersion ?? AIRLOCK_VERSION;
  const now = options.now ?? (() => new Date());
  const defaults = (recovered: SettingsRecovery | undefined, writable = true): LoadedSettings => {
    const raw: RawSettings = {};
    setRecordedVersion(raw, appVersion);
    return { file, raw, settings: SettingsFileSchema.parse({}), recovered, writable };
  };

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaults(undefined);
    // Nothing to move aside that we could read; keep it, and do not write over it.
    return defaults(
      { movedTo: undefined, problem: `it could not be read (${(error as Error).message})` },
      false,
    );
  }
  const problem = (message: string) => setAside(file, message, now());

  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return recoverWith(await problem('it is not valid JSON'));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return recoverWith(await problem('it does not hold a settings object'));

  const migrated = structuredClone(raw) as RawSettings;
  let changed: boolean;
  try {
    changed = migrateSettings(
      migrated,
      options.migrations ?? SETTINGS_MIGRATIONS,
      appVersion,
    ).changed;
  } catch (error) {
    return recoverWith(await problem(`updating it failed (${(error as Error).message})`));
  }
  const parsed = SettingsFileSchema.safeParse(migrated);
  if (!parsed.success) {
    return recoverWith(
      await problem(`it has invalid values (${describeSettingsIssues(parsed.error)})`),
    );
  }
  if (changed) await writeSettingsFile(file, migrated);
  return { file, raw: migrated, settings: parsed.data, recovered: undefined, writable: true };

  function recoverWith(recovery: SettingsRecovery): LoadedSettings {
    return defaults(recovery, recovery.movedTo !== undefined);
  }
}

async function setAside(file: string, problem: string, when: Date): Promise<SettingsRecovery> {
  // Colons are not allowed in Windows file names.
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  const base = path.join(path.dirname(file), `config.corrupt-${stamp}`);
  try {
    let target = `${base}.json`;
    for (let attempt = 2; await exists(target); attempt += 1) target = `${base}-${attempt}.json`;
    await rename(file, target);
    return { movedTo: target, problem };
  } catch (error) {
    return {
      movedTo: undefined,
      problem: `${problem}; moving it aside failed too (${String(error)})`,
    };
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
