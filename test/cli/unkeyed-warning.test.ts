// Without a keychain, `airlock serve` says once, in one line, what is affected: the audit
// log is hash-chained but not keyed. Not the keys commands' advice about API keys.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH } from '../helpers/server.ts';
import { cliEnv } from './run-keys-cli.ts';

const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-unkeyed-')));
after(() => rm(root, { recursive: true, force: true }));

describe('airlock serve without a keychain', () => {
  it('warns once, in one line, that the audit log is hash-chained but not keyed', () => {
    const workspace = path.join(root, 'ws');
    mkdirSync(workspace);
    // A bus that is not there: the keychain fails at once, as on a machine without one.
    const env = cliEnv({
      AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-unkeyed',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    });
    // stdin ends at once: the server starts, warns, and stops.
    const result = spawnSync(
      process.execPath,
      [CLI_PATH, 'serve', '--stdio', '--workspace', workspace, '--data-dir', path.join(root, 'd')],
      { env, input: '', encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('keychain'));
    assert.equal(warnings.length, 1, result.stderr);
    assert.match(
      warnings[0] ?? '',
      /^airlock: warn: the audit log is hash-chained but not keyed: no system keychain \(/,
    );
    assert.doesNotMatch(result.stderr, /API keys|run the command again/);
  });
});
