// How `airlock keys` treats mistakes in the command itself. None of these reach the
// keychain, so they run anywhere; the keychain itself is in keychain.test.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cliEnv, runCli } from './run-keys-cli.ts';

const root = await mkdtemp(path.join(tmpdir(), 'airlock-keys-cli-'));
const dataDir = path.join(root, 'data');
after(() => rm(root, { recursive: true, force: true }));
// A keychain that cannot be reached: a usage error must be found before it is asked.
const env = cliEnv({
  AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-usage',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
});

describe('airlock keys: mistakes in the command', () => {
  for (const [what, args, message] of [
    ['no keys command', [], /Say what to do with keys/],
    ['an unknown keys command', ['delete', 'a'], /Unknown keys command "delete"/],
    ['create without a name', ['create'], /needs exactly one key name/],
    ['create with two names', ['create', 'a', 'b'], /needs exactly one key name/],
    ['rotate without a name', ['rotate'], /needs exactly one key name/],
    ['revoke without a name', ['revoke'], /needs exactly one key name/],
    ['list with a name', ['list', 'a'], /takes no name/],
    ['an unknown flag', ['create', 'a', '--force'], /Unknown option '--force'/],
    ['a flag without its value', ['create', 'a', '--workspace'], /--workspace/],
    ['a name with a slash', ['create', 'a/b'], /cannot be a key name/],
    ['the reserved name', ['create', 'MCP_API_KEY'], /reserved/],
  ] as const) {
    it(`exits 2 with a hint for ${what}`, async () => {
      const result = await runCli(['keys', ...args, '--data-dir', dataDir], env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage:[\s\S]*airlock keys create NAME/);
      assert.equal(result.stdout, '');
      assert.equal(existsSync(dataDir), false, 'nothing was written');
    });
  }

  it('exits 2 for an empty --workspace, which would scope the key to the current folder', async () => {
    // A data dir of its own: a build that wrongly goes on would create it, not the table's.
    const ownDataDir = path.join(root, 'data-empty-workspace');
    const result = await runCli(
      ['keys', 'create', 'a', '--workspace', '', '--data-dir', ownDataDir],
      env,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--workspace needs a folder, but was given an empty name/);
    assert.match(result.stderr, /Usage:[\s\S]*airlock keys create NAME/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(ownDataDir), false, 'nothing was written');
  });

  it('exits 1, naming the folder, for a workspace that does not exist', async () => {
    const missing = path.join(root, 'missing');
    const result = await runCli(
      ['keys', 'create', 'a', '--workspace', missing, '--data-dir', dataDir],
      env,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /does not exist/);
    assert.ok(result.stderr.includes(missing));
    assert.equal(existsSync(dataDir), false, 'nothing was written');
  });
});
