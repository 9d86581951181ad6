// `airlock pause` and `airlock resume`: the tray's kill switch from a terminal. The switch is
// saved in the shared settings, so a server already running stops serving, and the change
// is recorded as the tray records it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { cliEnv, runCli } from './run-keys-cli.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let sandbox: Sandbox;
before(async () => {
  sandbox = await makeSandbox();
  await sandbox.file(sandbox.ws, 'a.txt', 'hello\n');
});
after(async () => {
  await sandbox?.cleanup();
});

const airlock = (...args: string[]) =>
  runCli(
    [...args, '--data-dir', sandbox.dataDir],
    cliEnv({ HOME: sandbox.home, AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test' }),
  );

async function readA(server: RunningServer): Promise<string> {
  const result = await server.client.callTool({
    name: 'read_text_file',
    arguments: { path: 'a.txt' },
  });
  return JSON.stringify(result.content);
}

/** Asks until `matches` holds: a running server follows the saved switch within a moment. */
async function eventually(ask: () => Promise<string>, matches: RegExp): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    last = await ask();
    if (matches.test(last)) return;
    await sleep(100);
  }
  assert.fail(`still ${last}, expected ${matches}`);
}

async function settingsChanges(): Promise<AuditRecord[]> {
  const text = await readFile(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.event === 'settings_change');
}

describe('airlock pause and airlock resume', () => {
  it('stop a running server from serving, and let it serve again', async () => {
    const server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    try {
      assert.match(await readA(server), /hello/);
      const paused = await airlock('pause');
      assert.equal(paused.code, 0, paused.stderr);
      assert.match(paused.stderr, /Access paused/);
      await eventually(() => readA(server), /paused in Airlock/);
      const resumed = await airlock('resume');
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /Access resumed/);
      await eventually(() => readA(server), /hello/);
    } finally {
      await server.close();
    }
  });

  it('save the switch as the tray does, and record it with the tray’s words', async () => {
    const before = (await settingsChanges()).length;
    await airlock('pause');
    const saved = JSON.parse(await readFile(path.join(sandbox.dataDir, 'config.json'), 'utf8'));
    assert.deepEqual(saved.access, { paused: true });
    const [record] = (await settingsChanges()).slice(before);
    assert.equal(record?.reason, 'Access paused in Airlock');
    assert.deepEqual(record?.detail, { keys: ['access.paused'] });
    assert.equal(record?.outcome, 'ok');
    assert.equal(record?.transport, 'cli', 'the terminal is named as the interface');
    await airlock('resume');
    const [resumed] = (await settingsChanges()).slice(before + 1);
    assert.equal(resumed?.reason, 'Access resumed in Airlock');
  });

  it('say so, and record nothing, when the switch is already where it was asked to be', async () => {
    const before = (await settingsChanges()).length;
    const result = await airlock('resume');
    assert.equal(result.code, 0);
    assert.match(result.stderr, /was not paused/);
    assert.equal((await settingsChanges()).length, before);
  });

  it('refuse a damaged settings file and leave it as it is', async () => {
    const file = path.join(sandbox.dataDir, 'config.json');
    const kept = await readFile(file, 'utf8');
    await writeFile(file, '{ not json');
    try {
      const result = await airlock('pause');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /is not valid JSON/);
      assert.equal(await readFile(file, 'utf8'), '{ not json');
    } finally {
      await writeFile(file, kept);
    }
  });
});
