// Migrations in electron-store's convention: keyed by the app version that introduced
// them, run once each, oldest first, with the version reached kept in
// `__internal__.migrations.version`, which never moves backwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareVersions,
  migrateSettings,
  type RawSettings,
  type SettingsMigrations,
} from '../../../main/core/settings/settings-migrations.ts';
import { SettingsStore } from '../../../main/core/settings/settings-store.ts';
import { filesIn, makeDataDir, readConfig, recorder, writeConfig } from './settings-fixture.ts';

/** Two migrations that note when they run, and rename a key the way a real one would. */
function tracked(): { ran: string[]; migrations: SettingsMigrations } {
  const ran: string[] = [];
  return {
    ran,
    migrations: {
      '0.3.0': (raw) => {
        ran.push('0.3.0');
        const limits = (raw.limits ?? {}) as RawSettings;
        raw.limits = { ...limits, maxTreeDepth: 4 };
      },
      '0.2.0': (raw) => {
        ran.push('0.2.0');
        if ('maxFiles' in raw) {
          raw.limits = { maxEntries: raw.maxFiles };
          delete raw.maxFiles;
        }
      },
    },
  };
}

const versionOf = (raw: RawSettings) =>
  (raw.__internal__ as { migrations: { version: string } }).migrations.version;

describe('settings migrations', () => {
  it('run each pending migration once, oldest first, and record the version reached', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, {
      maxFiles: 40,
      __internal__: { migrations: { version: '0.1.0' } },
    });
    const { ran, migrations } = tracked();
    const store = await SettingsStore.open(dataDir, recorder().record, {
      migrations,
      appVersion: '0.3.0',
    });
    assert.deepEqual(ran, ['0.2.0', '0.3.0']);
    assert.equal(store.settings.limits.maxEntries, 40);
    assert.equal(store.settings.limits.maxTreeDepth, 4);
    const saved = await readConfig(dataDir);
    assert.equal(versionOf(saved), '0.3.0');
    assert.equal(saved.maxFiles, undefined, 'the migrated file is written back');

    await SettingsStore.open(dataDir, recorder().record, { migrations, appVersion: '0.3.0' });
    assert.deepEqual(ran, ['0.2.0', '0.3.0'], 'nothing runs a second time');
  });

  it('run every migration up to the app version on a file that records none', () => {
    const { ran, migrations } = tracked();
    const raw: RawSettings = {};
    migrateSettings(raw, migrations, '0.2.5');
    assert.deepEqual(ran, ['0.2.0']);
    assert.equal(versionOf(raw), '0.2.5');
  });

  it('leave a migration for a version newer than the app for later', () => {
    const { ran, migrations } = tracked();
    const raw: RawSettings = { __internal__: { migrations: { version: '0.2.0' } } };
    const result = migrateSettings(raw, migrations, '0.2.9');
    assert.deepEqual(ran, []);
    assert.deepEqual(result.ran, []);
    assert.equal(versionOf(raw), '0.2.9');
  });

  it('never move the recorded version back when an older app opens a newer file', () => {
    const { ran, migrations } = tracked();
    const raw: RawSettings = { __internal__: { migrations: { version: '0.9.0' } } };
    const result = migrateSettings(raw, migrations, '0.3.0');
    assert.deepEqual(ran, []);
    assert.equal(result.changed, false);
    assert.equal(versionOf(raw), '0.9.0');
  });

  it('stamp a new file with the app version, so no migration ever runs on it', async () => {
    const dataDir = await makeDataDir();
    const first = tracked();
    const store = await SettingsStore.open(dataDir, recorder().record, {
      migrations: first.migrations,
      appVersion: '0.1.0',
    });
    assert.deepEqual(first.ran, []);
    await store.update({ app: { theme: 'dark' } }, 'test');
    assert.equal(versionOf(await readConfig(dataDir)), '0.1.0');
  });

  it('set the file aside when a migration fails, and start with the defaults', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, { limits: { maxEntries: 12 } });
    const store = await SettingsStore.open(dataDir, recorder().record, {
      migrations: {
        '0.2.0': () => {
          throw new Error('unexpected shape');
        },
      },
      appVersion: '0.2.0',
    });
    assert.match(store.recovered?.problem ?? '', /updating it failed \(unexpected shape\)/);
    assert.equal(store.settings.limits.maxEntries, 1000);
    assert.deepEqual(
      (await filesIn(dataDir)).map((name) => name.startsWith('config.corrupt-')),
      [true],
    );
  });

  it('refuse a migration keyed by anything but a plain version', () => {
    assert.throws(() => compareVersions('^1.0.0', '1.0.0'), /must be x\.y\.z/);
    assert.throws(() => migrateSettings({}, { latest: () => undefined }, '1.0.0'), /"latest"/);
  });

  it('compare versions by number, not by text', () => {
    assert.equal(compareVersions('0.10.0', '0.9.0'), 1);
    assert.equal(compareVersions('1.0.0', '1.0.0'), 0);
    assert.equal(compareVersions('1.0.0', '1.0.1'), -1);
  });
});
