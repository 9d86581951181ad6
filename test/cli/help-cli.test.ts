// What a terminal user expects of `airlock` itself: usage on stdout when asked for, a
// command's own usage with `COMMAND --help`, and the version.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliEnv, runCli } from './run-keys-cli.ts';
import { REPO_ROOT } from '../helpers/server.ts';

const airlock = (...args: string[]) =>
  runCli(args, cliEnv({ AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-help' }));

describe('airlock --help', () => {
  for (const args of [['--help'], [], ['-h'], ['help']]) {
    it(`prints the whole usage on stdout, exit 0: airlock ${args.join(' ')}`, async () => {
      const result = await airlock(...args);
      assert.equal(result.code, 0);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /^Usage:\n {2}airlock serve --stdio/);
      for (const command of ['serve', 'audit', 'keys', 'pause', 'resume', 'connect', '--version'])
        assert.match(result.stdout, new RegExp(`\\n {2}airlock ${command}\\b`), command);
    });
  }

  it('prints a command’s own usage for COMMAND --help, and nothing else runs', async () => {
    const serve = await airlock('serve', '--stdio', '--help');
    assert.equal(serve.code, 0);
    assert.match(serve.stdout, /^Usage:\n {2}airlock serve --stdio/);
    assert.doesNotMatch(serve.stdout, /airlock keys|airlock audit/);
    const search = await airlock('audit', 'search', '--help');
    assert.match(search.stdout, /^Usage:\n {2}airlock audit search .*\n\s+\[--workspace DIR\]/);
    assert.doesNotMatch(search.stdout, /audit verify/);
    const keys = await airlock('keys', '--help');
    assert.equal(keys.code, 0);
    assert.deepEqual(keys.stdout.match(/airlock keys \w+/g), [
      'airlock keys create',
      'airlock keys list',
      'airlock keys rotate',
      'airlock keys revoke',
    ]);
    const pause = await airlock('pause', '-h');
    assert.match(pause.stdout, /^Usage:\n {2}airlock pause \[--data-dir DIR\]/);
    assert.equal(
      (await airlock('help', 'connect')).stdout.split('\n')[1]?.startsWith('  airlock connect'),
      true,
    );
  });

  it('shows the mistyped command’s usage with a usage error, on stderr, exit 2', async () => {
    const result = await airlock('serve', '--workspace', '/tmp');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Choose exactly one transport[^\n]*\n\nUsage:\n {2}airlock serve/);
    assert.doesNotMatch(result.stderr, /airlock keys/);
    const rotate = await airlock('keys', 'rotate');
    assert.equal(rotate.code, 2);
    assert.match(
      rotate.stderr,
      /Usage:\n {2}airlock keys create NAME[\s\S]*airlock keys revoke NAME/,
    );
    assert.doesNotMatch(rotate.stderr, /airlock serve/);
  });
});

describe('airlock --version', () => {
  it('prints the version of package.json on stdout', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const result = await airlock('--version');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `airlock ${version}\n`);
  });
});
