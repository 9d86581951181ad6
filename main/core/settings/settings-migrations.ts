/**
 * Migrations of the settings file, in electron-store's convention so the file stays one
 * electron-store (conf) would read the same way:
 *
 * - Bookkeeping lives under the top-level key `__internal__`, which the settings schema
 *   ignores and the CLI never reads.
 * - `__internal__.migrations.version` is the app version the file was last migrated to.
 * - A migration is keyed by the app version that introduced it ("0.2.0"), and runs once:
 *   when the file's recorded version is older than its key (or absent, for a file that
 *   predates the store) and the running app is at least that version.
 * - Migrations run oldest first, then the recorded version moves to the running app's
 *   version. It never moves backwards, so an older app opening a newer file neither
 *   rewinds it nor runs anything.
 *
 * Unlike conf, keys are plain versions (x.y.z); semver ranges are not accepted.
 */
export const INTERNAL_KEY = '__internal__';

/** The settings file as JSON, before the schema reads it. */
export type RawSettings = Record<string, unknown>;

/** Rewrites the raw file in place (renamed keys, new shapes); validation comes after. */
export type SettingsMigration = (raw: RawSettings) => void;

export type SettingsMigrations = Readonly<Record<string, SettingsMigration>>;

/**
 * Airlock's migrations. None yet: 0.1.0 is the first format the app writes. Add one as
 * `'0.2.0': (raw) => { ... }` when a release changes the meaning or shape of a saved key.
 * A new section needs none: a file without it (one saved before `history` existed, say)
 * reads as that section's defaults, and keeps them until the person changes one.
 */
export const SETTINGS_MIGRATIONS: SettingsMigrations = {};

export interface MigrationResult {
  /** The versions whose migrations ran, oldest first. */
  readonly ran: readonly string[];
  /** Whether the file needs writing back (a migration ran or the recorded version moved). */
  readonly changed: boolean;
}

const PLAIN_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  for (let index = 0; index < 3; index += 1) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function parseVersion(version: string): number[] {
  const match = PLAIN_VERSION.exec(version);
  if (!match) throw new Error(`A settings migration version must be x.y.z, not "${version}".`);
  return match.slice(1).map(Number);
}

/** The version recorded in the file, if it is one this module can compare. */
export function recordedVersion(raw: RawSettings): string | undefined {
  const internal = raw[INTERNAL_KEY];
  if (!isObject(internal)) return undefined;
  const migrations = internal.migrations;
  if (!isObject(migrations)) return undefined;
  const version = migrations.version;
  // conf could leave a range here after a failed step; like conf, treat it as no version.
  return typeof version === 'string' && PLAIN_VERSION.test(version) ? version : undefined;
}

/** Runs the pending migrations on `raw` (in place) and records the version reached. */
export function migrateSettings(
  raw: RawSettings,
  migrations: SettingsMigrations,
  appVersion: string,
): MigrationResult {
  const recorded = recordedVersion(raw);
  const pending = Object.keys(migrations)
    .filter(
      (version) =>
        compareVersions(version, appVersion) <= 0 &&
        (recorded === undefined || compareVersions(version, recorded) > 0),
    )
    .sort(compareVersions);
  for (const version of pending) (migrations[version] as SettingsMigration)(raw);
  const movesForward = recorded === undefined || compareVersions(appVersion, recorded) > 0;
  if (movesForward) setRecordedVersion(raw, appVersion);
  return { ran: pending, changed: pending.length > 0 || movesForward };
}

/** Stamps a new file with the running version, so no migration runs on it later. */
export function setRecordedVersion(raw: RawSettings, version: string): void {
  const internal = isObject(raw[INTERNAL_KEY]) ? (raw[INTERNAL_KEY] as RawSettings) : {};
  const migrations = isObject(internal.migrations) ? (internal.migrations as RawSettings) : {};
  raw[INTERNAL_KEY] = { ...internal, migrations: { ...migrations, version } };
}

function isObject(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
