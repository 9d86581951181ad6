// How much change history keeps, as settings: a size cap per file, a total cap and an age,
// with the defaults the issue names, the ranges the window shows, and a file saved before
// the group existed reading as its defaults. There is no setting that turns history off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { readSettings } from '../../../main/core/settings/read-settings.ts';
import { settingRanges } from '../../../main/core/settings/setting-ranges.ts';
import { SETTINGS_JSON_SCHEMA } from '../../../main/core/settings/settings-json-schema.ts';
import { SettingsFileSchema } from '../../../main/core/settings/settings-schema.ts';
import { SettingsInvalidError, SettingsStore } from '../../../main/core/settings/settings-store.ts';
import { SettingsPatchSchema } from '../../../preload/contract/settings-patch-schema.ts';
import { makeDataDir, readConfig, recorder, writeConfig } from './settings-fixture.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('the history settings', () => {
  it('default to 256 MiB a file, 5 GiB in all and 30 days, the limits history applies', () => {
    const { history } = SettingsFileSchema.parse({});
    assert.deepEqual(history, { maxFileBytes: 256 * MiB, maxTotalBytes: 5 * GiB, maxAgeDays: 30 });
    assert.deepEqual(history, DEFAULT_HISTORY_LIMITS);
  });

  it('read as their defaults from a file saved before they existed', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, {
      limits: { maxEntries: 50 },
      __internal__: { migrations: { version: '0.1.0' } },
    });
    const settings = await readSettings(dataDir);
    assert.deepEqual(settings.history, DEFAULT_HISTORY_LIMITS);
    assert.equal(settings.limits.maxEntries, 50);
  });

  it('save only what the person changed, and fill in the rest', async () => {
    const dataDir = await makeDataDir();
    const store = await SettingsStore.open(dataDir, recorder().record);
    await store.update({ history: { maxAgeDays: 7 } }, 'test');
    assert.deepEqual((await readConfig(dataDir)).history, { maxAgeDays: 7 });
    assert.deepEqual(store.settings.history, { ...DEFAULT_HISTORY_LIMITS, maxAgeDays: 7 });
    assert.equal((await readSettings(dataDir)).history.maxAgeDays, 7, 'the CLI reads it too');
  });

  it('refuse a cap so small it would turn history off, and a history of less than a day', async () => {
    const store = await SettingsStore.open(await makeDataDir(), recorder().record);
    for (const patch of [
      { maxFileBytes: 0 },
      { maxFileBytes: MiB - 1 },
      { maxTotalBytes: 0 },
      { maxAgeDays: 0 },
      { maxAgeDays: 1.5 },
    ]) {
      await assert.rejects(
        store.update({ history: patch }, 'test'),
        (error: Error) => error instanceof SettingsInvalidError && /history\./.test(error.message),
        JSON.stringify(patch),
      );
    }
    assert.deepEqual(store.settings.history, DEFAULT_HISTORY_LIMITS);
  });

  it('refuse a history setting the schema does not know, such as a switch to turn it off', () => {
    assert.equal(SettingsPatchSchema.safeParse({ history: { enabled: false } }).success, false);
    assert.equal(SettingsPatchSchema.safeParse({ history: { maxAgeDays: 90 } }).success, true);
  });

  it('give the window each one’s range, read from the schema', () => {
    const ranges = settingRanges();
    assert.deepEqual(ranges['history.maxFileBytes'], { min: MiB, max: 64 * GiB, integer: true });
    assert.deepEqual(ranges['history.maxTotalBytes'], {
      min: 64 * MiB,
      max: 4096 * GiB,
      integer: true,
    });
    assert.deepEqual(ranges['history.maxAgeDays'], { min: 1, max: 3650, integer: true });
  });

  it('appear in the settings file’s JSON Schema with their defaults', () => {
    const history = (
      SETTINGS_JSON_SCHEMA as {
        properties: Record<string, { properties: Record<string, { default: unknown }> }>;
      }
    ).properties.history;
    assert.equal(history?.properties.maxFileBytes?.default, 256 * MiB);
    assert.equal(history?.properties.maxTotalBytes?.default, 5 * GiB);
    assert.equal(history?.properties.maxAgeDays?.default, 30);
  });
});
