import type { z } from 'zod';
import type { AuditEntry } from '../audit/audit-record.ts';
import {
  loadAppSettings,
  type LoadAppSettingsOptions,
  type LoadedSettings,
  type SettingsRecovery,
} from './load-app-settings.ts';
import type { RawSettings } from './settings-migrations.ts';
import { applySettingsPatch, changedSettingKeys } from './settings-patch.ts';
import { describeSettingsIssues } from './settings-issues.ts';
import { SettingsFileSchema } from './settings-schema.ts';
import { writeSettingsFile } from './write-settings-file.ts';
import {
  SettingsPatchSchema,
  type SettingsPatch,
} from '../../../preload/contract/settings-patch-schema.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

/** A change the store refused, with a message that names the setting and the rule. */
export class SettingsInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsInvalidError';
  }
}

/** The store will not write over a damaged file it could not set aside. */
export class SettingsReadOnlyError extends Error {
  constructor(file: string) {
    super(
      `Airlock could not move the damaged settings file ${file} aside, so it will not write over it. Move or fix it, then restart Airlock.`,
    );
    this.name = 'SettingsReadOnlyError';
  }
}

export interface SettingsChange {
  readonly settings: Settings;
  /** Dotted keys whose value changed, e.g. `limits.maxReadBytes`. */
  readonly keys: readonly string[];
  readonly reason: string;
}

/** Writes the settings_change record; the app points it at its current audit log. */
export type RecordSettingsChange = (entry: AuditEntry) => Promise<unknown>;

/**
 * The app's settings: the shared `<dataDir>/config.json`, kept in electron-store's file
 * format and location but in plain Node, so the core and its tests never need Electron.
 * Every change is validated, written atomically (0600) and recorded in the audit log.
 */
export class SettingsStore {
  readonly file: string;
  readonly recovered: SettingsRecovery | undefined;
  #raw: RawSettings;
  #settings: Settings;
  readonly #writable: boolean;
  readonly #record: RecordSettingsChange;
  readonly #listeners = new Set<(change: SettingsChange) => void>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(loaded: LoadedSettings, record: RecordSettingsChange) {
    this.file = loaded.file;
    this.recovered = loaded.recovered;
    this.#raw = loaded.raw;
    this.#settings = loaded.settings;
    this.#writable = loaded.writable;
    this.#record = record;
  }

  static async open(
    dataDir: string,
    record: RecordSettingsChange,
    options: LoadAppSettingsOptions = {},
  ): Promise<SettingsStore> {
    return new SettingsStore(await loadAppSettings(dataDir, options), record);
  }

  get settings(): Settings {
    return this.#settings;
  }

  /**
   * Applies a patch, once the ones before it are done. Resolves with the keys that
   * changed (none: nothing is written or recorded). Rejects with SettingsInvalidError,
   * leaving file and settings as they were, when the result would break the schema.
   */
  update(patch: SettingsPatch, reason: string, detail: Record<string, unknown> = {}) {
    const run = this.#queue.then(() => this.#apply(patch, reason, detail));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes a change another process already saved and recorded (`airlock pause` from a
   * terminal): applied here, after the updates before it, without writing or recording it
   * again. Without this, the next change made here would write the stale value back.
   */
  adopt(patch: SettingsPatch, reason: string): Promise<SettingsChange> {
    const run = this.#queue.then(() => this.#apply(patch, reason, {}, false));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every update asked for so far has finished, saved or refused. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  onChange(listener: (change: SettingsChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #apply(
    patch: SettingsPatch,
    reason: string,
    detail: Record<string, unknown>,
    save = true,
  ): Promise<SettingsChange> {
    const checkedPatch = SettingsPatchSchema.safeParse(patch);
    if (!checkedPatch.success) throw invalid(checkedPatch.error);
    const raw = applySettingsPatch(this.#raw, checkedPatch.data);
    const parsed = SettingsFileSchema.safeParse(raw);
    if (!parsed.success) throw invalid(parsed.error);
    const keys = changedSettingKeys(this.#settings, parsed.data);
    if (keys.length === 0) return { settings: this.#settings, keys, reason };
    if (save) {
      if (!this.#writable) throw new SettingsReadOnlyError(this.file);
      await writeSettingsFile(this.file, raw);
    }
    this.#raw = raw;
    this.#settings = parsed.data;
    if (save) {
      await this.#record({
        event: 'settings_change',
        transport: 'app',
        outcome: 'ok',
        reason,
        detail: { ...detail, keys },
      });
    }
    const change: SettingsChange = { settings: parsed.data, keys, reason };
    for (const listener of this.#listeners) listener(change);
    return change;
  }
}

function invalid(error: z.ZodError): SettingsInvalidError {
  return new SettingsInvalidError(
    `These settings cannot be saved: ${describeSettingsIssues(error)}`,
  );
}
