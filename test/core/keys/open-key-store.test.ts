// `airlock keys` against the real system keychain, under a service name of its own
// (AIRLOCK_KEYCHAIN_SERVICE=airlock-test-<random>) whose entries it removes afterwards.
// Without a keychain (see system-keychain-fixture.ts), this file fails under CI and
// reports itself as skipped elsewhere: it never passes without having reached one.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiKeyVerifier } from '../../../main/core/keys/key-verifier.ts';
import { openKeyStore } from '../../../main/core/keys/open-key-store.ts';
import { filesBelow } from './keys-fixture.ts';
import { testKeychain } from '../../helpers/system-keychain-fixture.ts';
import { cliEnv, runCli, type CliResult } from '../../cli/run-keys-cli.ts';
import { isApiKeyShaped } from '../../../preload/contract/api-key.ts';

const system = testKeychain('airlock-test');
const { keychain } = system;
const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-keychain-')));
// At the top level, so it runs once every suite of this file is done with the folder.
after(() => rm(root, { recursive: true, force: true }));
const env = cliEnv({ AIRLOCK_KEYCHAIN_SERVICE: system.service });

let dirs = 0;
function freshDataDir(): string {
  return path.join(root, `data-${++dirs}`);
}

function keys(args: readonly string[], dataDir: string): Promise<CliResult> {
  return runCli(['keys', ...args, '--data-dir', dataDir], env);
}

/** The one key a create or rotate printed: alone on stdout, and nowhere else. */
function printedKey(result: CliResult): string {
  assert.equal(result.code, 0, result.stderr);
  const key = result.stdout.trim();
  assert.equal(isApiKeyShaped(key), true, `stdout is the key alone: ${result.stdout}`);
  assert.equal(result.stderr.includes(key), false, 'the key is printed once');
  assert.match(result.stderr, /stored in the system keychain and will not be shown again/);
  return key;
}

async function assertNoSecretOnDisk(dataDir: string, secret: string): Promise<void> {
  for (const { file, text } of await filesBelow(dataDir))
    assert.equal(text.includes(secret), false, `the key was written to ${file}`);
}

describe('API keys in the real system keychain, through the CLI', () => {
  before(async () => {
    await system.probe();
  });

  after(async () => {
    await system.empty();
  });

  it('creates a key, printed once, that only the keychain holds and a server accepts', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    const workspace = await mkdtemp(path.join(root, 'ws-'));
    const secret = printedKey(
      await keys(['create', 'cursor', '--workspace', workspace, '--allow-write'], dataDir),
    );
    assert.equal(await keychain.get('key:cursor'), secret);
    await assertNoSecretOnDisk(dataDir, secret);
    const audit = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
    assert.match(audit, /"event":"settings_change".*"reason":"API key created".*"key":"cursor"/);
    const store = openKeyStore(dataDir, env);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    assert.deepEqual(verifier.verify(secret), {
      name: 'cursor',
      scope: { workspaces: [await realpath(workspace)], access: 'write' },
    });
    assert.equal(verifier.verify(secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), undefined);
  });

  it('still prints a new key whose audit record cannot be written, and says so', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    // A file where the audit folder belongs: the key is made, its record cannot be.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dataDir, 'audit'), 'not a folder');
    const workspace = await mkdtemp(path.join(root, 'ws-'));
    const result = await keys(['create', 'unrecorded', '--workspace', workspace], dataDir);
    const secret = printedKey(result);
    assert.equal(await keychain.get('key:unrecorded'), secret);
    assert.match(result.stderr, /"API key created" could not be recorded in the audit log/);
  });

  it('lists name, created, last used and scope, and never the secret', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    const secret = printedKey(await keys(['create', 'vscode'], dataDir));
    const json = await keys(['list', '--json'], dataDir);
    assert.equal(json.code, 0, json.stderr);
    const [listed, ...others] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(others, []);
    assert.equal(listed?.name, 'vscode');
    assert.equal(listed?.lastUsed, null);
    assert.equal(listed?.inKeychain, true);
    assert.deepEqual(listed?.scope, { workspaces: 'all', access: 'read' });
    assert.ok(Math.abs(Date.parse(String(listed?.created)) - Date.now()) < 120_000);
    const text = await keys(['list'], dataDir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /vscode\n {2}created: .*\n {2}last used: {2}never\n {2}access: {5}read only\n {2}workspaces: all/,
    );
    for (const output of [json.stdout, json.stderr, text.stdout, text.stderr])
      assert.equal(output.includes(secret), false);
  });

  it('rotates a key: the new key is printed once and only it works', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    const old = printedKey(await keys(['create', 'claude'], dataDir));
    const fresh = printedKey(await keys(['rotate', 'claude'], dataDir));
    assert.notEqual(fresh, old);
    assert.equal(await keychain.get('key:claude'), fresh);
    await assertNoSecretOnDisk(dataDir, fresh);
    const verifier = new ApiKeyVerifier(await openKeyStore(dataDir, env).loadVerifierEntries());
    assert.equal(verifier.verify(old), undefined);
    assert.equal(verifier.verify(fresh)?.name, 'claude');
  });

  it('revokes a key: gone from the keychain, the list and the verifier', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    const secret = printedKey(await keys(['create', 'old-laptop'], dataDir));
    const revoked = await keys(['revoke', 'old-laptop'], dataDir);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /Revoked the API key "old-laptop"/);
    assert.equal(await keychain.get('key:old-laptop'), undefined);
    const list = await keys(['list', '--json'], dataDir);
    assert.deepEqual(JSON.parse(list.stdout), []);
    const verifier = new ApiKeyVerifier(await openKeyStore(dataDir, env).loadVerifierEntries());
    assert.equal(verifier.verify(secret), undefined);
  });

  it('exits 1 with a clear message for a duplicate or unknown name', async (t) => {
    if (!system.reachable(t)) return;
    const dataDir = freshDataDir();
    printedKey(await keys(['create', 'dup'], dataDir));
    const duplicate = await keys(['create', 'dup'], dataDir);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already a key named "dup"/);
    assert.equal(duplicate.stdout, '');
    for (const command of ['rotate', 'revoke']) {
      const unknown = await keys([command, 'nobody'], dataDir);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /There is no key named "nobody"/);
    }
  });
});

describe('API keys when the keychain cannot be reached', () => {
  it('create exits 1, says what to do, and writes nothing to disk', async (t) => {
    if (process.platform !== 'linux') {
      t.skip('only on Linux does an unreachable D-Bus make the keychain unavailable');
      return;
    }
    const dataDir = freshDataDir();
    const result = await runCli(['keys', 'create', 'cursor', '--data-dir', dataDir], {
      ...env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /could not use the system keychain/);
    assert.match(result.stderr, /never in a file/);
    assert.match(result.stderr, /Secret Service, such as GNOME Keyring/);
    assert.equal(result.stdout, '', 'no key is printed');
    assert.equal(existsSync(path.join(dataDir, 'keys.json')), false);
    assert.deepEqual(await filesBelow(dataDir), [], 'no file at all, so no secret anywhere');
  });
});
