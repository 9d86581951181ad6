// The app's settings store: electron-store's file and location in plain Node, every value
// checked against the schema, atomic 0600 writes, an audit record per change, and a
// damaged file set aside instead of crashing the app. The CLI's reader stays strict.
import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSettings, SettingsError } from '../../../main/core/settings/read-settings.ts';
import { SettingsFileSchema } from '../../../main/core/settings/settings-schema.ts';
import {
  SettingsInvalidError,
  SettingsReadOnlyError,
  SettingsStore,
} from '../../../main/core/settings/settings-store.ts';
import {
  AT_NOON,
  configFile,
  filesIn,
  makeDataDir,
  readConfig,
  recorder,
  SET_ASIDE_NAME,
  writeConfig,
} from './settings-fixture.ts';

const DEFAULTS = SettingsFileSchema.parse({});

describe('the settings store: reading', () => {
  it('starts with every default when there is no settings file, and creates none', async () => {
    const dataDir = await makeDataDir();
    const store = await SettingsStore.open(dataDir, recorder().record);
    assert.deepEqual(store.settings, DEFAULTS);
    assert.equal(store.recovered, undefined);
    assert.deepEqual(await filesIn(dataDir), []);
  });

  it('reads the values a person wrote and fills in the rest with defaults', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, { limits: { maxEntries: 50 }, app: { theme: 'dark' } });
    const store = await SettingsStore.open(dataDir, recorder().record);
    assert.equal(store.settings.limits.maxEntries, 50);
    assert.equal(store.settings.limits.maxReadBytes, DEFAULTS.limits.maxReadBytes);
    assert.equal(store.settings.app.theme, 'dark');
    assert.equal(store.recovered, undefined);
  });
});

describe('the settings store: a damaged file', () => {
  for (const [what, content, problem] of [
    ['is not valid JSON', '{"limits": {"maxEntries": 50', /not valid JSON/],
    ['fails the schema', { limits: { maxEntries: 'many' } }, /invalid values.*maxEntries/],
    ['holds a list instead of settings', '[1, 2, 3]', /does not hold a settings object/],
  ] as const) {
    it(`sets aside a file that ${what}, starts with the defaults and says so`, async () => {
      const dataDir = await makeDataDir();
      await writeConfig(dataDir, content);
      const original = await readFile(configFile(dataDir), 'utf8');
      const store = await SettingsStore.open(dataDir, recorder().record, { now: AT_NOON });
      assert.deepEqual(store.settings, DEFAULTS);
      assert.equal(store.recovered?.movedTo, path.join(dataDir, SET_ASIDE_NAME));
      assert.match(store.recovered?.problem ?? '', problem);
      assert.deepEqual(await filesIn(dataDir), [SET_ASIDE_NAME]);
      assert.equal(await readFile(path.join(dataDir, SET_ASIDE_NAME), 'utf8'), original);
    });
  }

  it('keeps an earlier set-aside file when the same moment comes again', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, 'not json');
    await SettingsStore.open(dataDir, recorder().record, { now: AT_NOON });
    await writeConfig(dataDir, 'still not json');
    const store = await SettingsStore.open(dataDir, recorder().record, { now: AT_NOON });
    assert.equal(
      store.recovered?.movedTo,
      path.join(dataDir, SET_ASIDE_NAME.replace('.json', '-2.json')),
    );
    assert.equal((await filesIn(dataDir)).length, 2);
  });

  it('saves new changes over the defaults once the damaged file is set aside', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, 'not json');
    const store = await SettingsStore.open(dataDir, recorder().record, { now: AT_NOON });
    await store.update({ limits: { maxEntries: 20 } }, 'test');
    assert.deepEqual((await readConfig(dataDir)).limits, { maxEntries: 20 });
  });

  it('will not write over a settings file it could not read or move', async () => {
    const dataDir = await makeDataDir();
    // A folder where the file should be: unreadable as a file, and left alone.
    await mkdir(configFile(dataDir));
    const store = await SettingsStore.open(dataDir, recorder().record);
    assert.deepEqual(store.settings, DEFAULTS);
    assert.equal(store.recovered?.movedTo, undefined);
    assert.match(store.recovered?.problem ?? '', /could not be read/);
    await assert.rejects(
      store.update({ limits: { maxEntries: 20 } }, 'test'),
      SettingsReadOnlyError,
    );
    assert.ok((await stat(configFile(dataDir))).isDirectory());
  });
});

describe('the settings store: changes', () => {
  it('saves only what the person changed, atomically, readable by its owner alone', async () => {
    const dataDir = await makeDataDir();
    const store = await SettingsStore.open(dataDir, recorder().record);
    await store.update({ limits: { maxReadBytes: 2048 } }, 'test');
    const saved = await readConfig(dataDir);
    assert.deepEqual(saved.limits, { maxReadBytes: 2048 });
    assert.equal(saved.guard, undefined, 'defaults stay defaults, so they follow new versions');
    assert.deepEqual(await filesIn(dataDir), ['config.json'], 'no temp file is left');
    if (process.platform !== 'win32')
      assert.equal((await stat(configFile(dataDir))).mode & 0o777, 0o600);
    assert.equal(store.settings.limits.maxReadBytes, 2048);
  });

  it('refuses a value outside the schema with a message naming the setting, and saves nothing', async () => {
    const dataDir = await makeDataDir();
    const audit = recorder();
    const store = await SettingsStore.open(dataDir, audit.record);
    await assert.rejects(
      store.update({ limits: { maxReadBytes: 5 } }, 'test'),
      (error: Error) =>
        error instanceof SettingsInvalidError && /limits\.maxReadBytes/.test(error.message),
    );
    assert.deepEqual(store.settings, DEFAULTS);
    assert.deepEqual(await filesIn(dataDir), []);
    assert.deepEqual(audit.entries, []);
  });

  it('refuses a setting it does not know', async () => {
    const store = await SettingsStore.open(await makeDataDir(), recorder().record);
    await assert.rejects(
      store.update({ limits: { maxEverything: 1 } } as never, 'test'),
      (error: Error) =>
        error instanceof SettingsInvalidError && /maxEverything/.test(error.message),
    );
  });

  it('checks rules that join two settings on the merged result', async () => {
    const store = await SettingsStore.open(await makeDataDir(), recorder().record);
    await assert.rejects(
      store.update({ http: { requestTimeoutMs: 2000 } }, 'test'),
      (error: Error) =>
        error instanceof SettingsInvalidError &&
        /requestTimeoutMs must be at least/.test(error.message),
    );
  });

  it('writes a settings_change audit record naming the keys that changed', async () => {
    const audit = recorder();
    const store = await SettingsStore.open(await makeDataDir(), audit.record);
    await store.update(
      {
        limits: { maxEntries: 20, maxTreeDepth: DEFAULTS.limits.maxTreeDepth },
        app: { theme: 'light' },
      },
      'Settings changed in the Airlock window',
    );
    assert.deepEqual(audit.entries, [
      {
        event: 'settings_change',
        transport: 'app',
        outcome: 'ok',
        reason: 'Settings changed in the Airlock window',
        detail: { keys: ['app.theme', 'limits.maxEntries'] },
      },
    ]);
  });

  it('writes and records nothing when a change leaves every value as it was', async () => {
    const dataDir = await makeDataDir();
    const audit = recorder();
    const store = await SettingsStore.open(dataDir, audit.record);
    const change = await store.update({ app: { theme: 'system' } }, 'test');
    assert.deepEqual(change.keys, []);
    assert.deepEqual(audit.entries, []);
    assert.deepEqual(await filesIn(dataDir), []);
  });

  it('replaces a list whole, and names it as one key', async () => {
    const audit = recorder();
    const store = await SettingsStore.open(await makeDataDir(), audit.record);
    await store.update({ guard: { patterns: ['*.secret'] } }, 'test');
    assert.deepEqual(store.settings.guard.patterns, ['*.secret']);
    assert.deepEqual(audit.entries[0]?.detail, { keys: ['guard.patterns'] });
  });

  it('keeps keys it does not know, such as a newer version’s, when it writes', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, { futureFeature: { on: true }, limits: { maxEntries: 30 } });
    const store = await SettingsStore.open(dataDir, recorder().record);
    await store.update({ limits: { maxTreeDepth: 3 } }, 'test');
    const saved = await readConfig(dataDir);
    assert.deepEqual(saved.futureFeature, { on: true });
    assert.deepEqual(saved.limits, { maxEntries: 30, maxTreeDepth: 3 });
  });

  it('applies changes one after another, so none is lost', async () => {
    const dataDir = await makeDataDir();
    const store = await SettingsStore.open(dataDir, recorder().record);
    await Promise.all([
      store.update({ limits: { maxEntries: 11 } }, 'a'),
      store.update({ limits: { maxTreeDepth: 2 } }, 'b'),
      store.update({ app: { theme: 'dark' } }, 'c'),
    ]);
    const saved = await readConfig(dataDir);
    assert.deepEqual(saved.limits, { maxEntries: 11, maxTreeDepth: 2 });
    assert.deepEqual(saved.app, { theme: 'dark' });
  });

  it('tells listeners about a change once it is saved and recorded', async () => {
    const dataDir = await makeDataDir();
    const audit = recorder();
    const store = await SettingsStore.open(dataDir, audit.record);
    const seen: string[][] = [];
    store.onChange((change) => {
      seen.push([...change.keys]);
      assert.equal(audit.entries.length, 1, 'the record is written before listeners hear');
    });
    await store.update({ app: { startAtLogin: true } }, 'test');
    assert.deepEqual(seen, [['app.startAtLogin']]);
  });
});

describe('the CLI and the app share one file', () => {
  it('the CLI reads what the store wrote, bookkeeping included', async () => {
    const dataDir = await makeDataDir();
    const store = await SettingsStore.open(dataDir, recorder().record);
    await store.update({ workspaces: [{ path: dataDir, access: 'write' }] }, 'test');
    assert.ok('__internal__' in (await readConfig(dataDir)));
    assert.deepEqual(await readSettings(dataDir), store.settings);
  });

  it('the CLI refuses a damaged file and leaves it exactly as it was', async () => {
    const dataDir = await makeDataDir();
    await writeConfig(dataDir, '{ "limits": ');
    await assert.rejects(readSettings(dataDir), SettingsError);
    assert.equal(await readFile(configFile(dataDir), 'utf8'), '{ "limits": ');
    assert.deepEqual(await filesIn(dataDir), ['config.json']);
  });
});
