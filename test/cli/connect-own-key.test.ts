// `airlock connect` and a key the person made: through the built CLI, against the real
// system keychain under a service name of its own (see system-keychain-fixture.ts). The
// command follows the window's rules: only a key Airlock made for the app is reused, and
// only such keys are revoked when the app is removed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { readKeyRecords } from '../../main/core/keys/key-metadata.ts';
import { testKeychain } from '../helpers/system-keychain-fixture.ts';
import { cliEnv, runCli } from './run-keys-cli.ts';
import { runConnect } from './run-connect.ts';

const system = testKeychain('airlock-test-own-key');
const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-connect-own-key-')));
after(() => rm(root, { recursive: true, force: true }));
const service = { AIRLOCK_KEYCHAIN_SERVICE: system.service };
// The fixture home has no session bus of its own: the one these tests reach is passed on.
const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
const connectEnv = { ...service, ...(bus === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: bus }) };

const dataDir = path.join(root, 'data');
const configFile = path.join(root, 'mcp.json');

function connectCursor(extra: readonly string[] = []) {
  const args = ['cursor', '--config-file', configFile, '--port', '47999', '--data-dir', dataDir];
  return runConnect([...args, ...extra], { home: root, env: connectEnv });
}

async function bearerInFile(): Promise<unknown> {
  const value = configValue(await readFile(configFile, 'utf8')) as {
    mcpServers: { airlock: { headers: { Authorization: unknown } } };
  };
  return value.mcpServers.airlock.headers.Authorization;
}

async function settingsChanges(reason: string): Promise<AuditRecord[]> {
  const text = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.event === 'settings_change' && record.reason === reason);
}

async function madeFor(): Promise<Array<[string, string | undefined]>> {
  return (await readKeyRecords(dataDir)).map((record) => [record.name, record.madeFor]);
}

describe('airlock connect cursor, when the person has a key named "cursor"', () => {
  let ownSecret: string;
  before(async () => {
    await system.probe();
  });
  after(async () => {
    await system.empty();
  });

  it("leaves the person's own key alone and gives Cursor a key made for it", async (t) => {
    if (!system.reachable(t)) return;
    const created = await runCli(
      ['keys', 'create', 'cursor', '--data-dir', dataDir],
      cliEnv(service),
    );
    assert.equal(created.code, 0, created.stderr);
    ownSecret = created.stdout.trim();
    await writeFile(configFile, '{}\n');

    const run = await connectCursor();
    assert.equal(run.code, 0, run.stderr);
    assert.notEqual(await bearerInFile(), `Bearer ${ownSecret}`, "the person's key is not used");
    assert.equal(await system.keychain.get('key:cursor'), ownSecret, 'and keeps its secret');
    assert.deepEqual(await madeFor(), [
      ['cursor', undefined],
      ['cursor-2', 'cursor'],
    ]);
    assert.equal(await bearerInFile(), `Bearer ${await system.keychain.get('key:cursor-2')}`);
    assert.match(run.stderr, /"cursor" belongs to a key you made yourself/);
  });

  it('keeps the key made for Cursor on a second run, so the file does not change', async (t) => {
    if (!system.reachable(t)) return;
    const before = await readFile(configFile, 'utf8');
    const run = await connectCursor();
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await readFile(configFile, 'utf8'), before);
    assert.equal((await readKeyRecords(dataDir)).length, 2);
  });

  it('replaces the key made for Cursor when the scope changes, and still leaves "cursor" alone', async (t) => {
    if (!system.reachable(t)) return;
    const run = await connectCursor(['--workspace', root]);
    assert.equal(run.code, 0, run.stderr);
    // In the command line's words: a key's reach in workspaces, nothing of the window's pages.
    assert.match(
      run.stderr,
      /Created the key "cursor-3" for Cursor \(read-only, .+\), in place of its old key\. .*Revoked its old key "cursor-2"; it no longer works\./,
    );
    assert.doesNotMatch(run.stderr, /Keys page|folder/);
    const records = await readKeyRecords(dataDir);
    assert.deepEqual(
      records.map((record) => [record.name, record.madeFor, record.scope.workspaces]),
      [
        ['cursor', undefined, 'all'],
        ['cursor-3', 'cursor', [root]],
      ],
    );
    assert.equal(await system.keychain.get('key:cursor'), ownSecret);
    assert.equal(await bearerInFile(), `Bearer ${await system.keychain.get('key:cursor-3')}`);
  });

  it('--remove --dry-run names the key made for Cursor that a real run would revoke, and revokes nothing', async (t) => {
    if (!system.reachable(t)) return;
    const before = await readFile(configFile, 'utf8');
    const run = await connectCursor(['--remove', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /A real run would also revoke the key "cursor-3" made for Cursor\./);
    assert.equal(await readFile(configFile, 'utf8'), before);
    assert.equal((await readKeyRecords(dataDir)).length, 2);
  });

  it('--remove with the keychain out of reach takes out the entry and names the key to revoke by hand', async (t) => {
    if (!system.reachable(t)) return;
    const args = ['cursor', '--config-file', configFile, '--port', '47999', '--data-dir', dataDir];
    const run = await runConnect([...args, '--remove'], {
      home: root,
      env: { ...service, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Removed Airlock from Cursor/);
    assert.match(
      run.stderr,
      /The key "cursor-3" could not be revoked \(.*\), so it still works: revoke it with "airlock keys revoke cursor-3"\./,
    );
    assert.equal((await readKeyRecords(dataDir)).length, 2, 'no key was revoked');
  });

  it("--remove revokes the key made for Cursor, as the window's Remove does, and leaves the person's own working", async (t) => {
    if (!system.reachable(t)) return;
    // The entry is gone already (the run above took it out): the key made for it is still revoked.
    const run = await connectCursor(['--remove']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /there was nothing to remove/);
    assert.match(run.stderr, /Revoked the key "cursor-3" made for Cursor; it no longer works\./);
    assert.doesNotMatch(run.stderr, /"cursor"/);
    assert.deepEqual(await madeFor(), [['cursor', undefined]]);
    assert.equal(await system.keychain.get('key:cursor-3'), undefined);
    assert.equal(await system.keychain.get('key:cursor'), ownSecret, "the person's key works on");
    const revoked = await settingsChanges('API key revoked');
    assert.deepEqual(
      revoked.map((record) => [record.transport, record.detail?.key]),
      [
        ['cli', 'cursor-2'],
        ['cli', 'cursor-3'],
      ],
      'each key made for Cursor is recorded as revoked by the command line, the replaced one and this one',
    );
  });
});
