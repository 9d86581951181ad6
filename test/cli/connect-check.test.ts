// `airlock connect CLIENT --check`: whether an app still lists Airlock as Airlock wrote it,
// told apart by exit code, on real files in a sandbox, the way an app that rewrites its own
// settings (Claude Desktop) would leave them.
import assert from 'node:assert/strict';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runConnect } from './run-connect.ts';

const EXIT = { intact: 0, gone: 3, changed: 4, notConnected: 5, unrecorded: 6 };

describe('airlock connect --check', () => {
  let sandbox: Sandbox;
  let file: string;
  const run = (...args: string[]) =>
    runConnect(['claude-desktop', '--config-file', file, '--data-dir', sandbox.dataDir, ...args], {
      home: sandbox.home,
    });
  /** Replaces the file the way apps do: a new file renamed over the old one. */
  const rewrite = async (value: unknown) => {
    const temp = `${file}.tmp`;
    await writeFile(temp, JSON.stringify(value, null, 4));
    await rename(temp, file);
  };

  before(async () => {
    sandbox = await makeSandbox();
    file = path.join(sandbox.root, 'Claude', 'claude_desktop_config.json');
  });
  after(async () => {
    await sandbox?.cleanup();
  });

  it('says "not connected" (exit 5) before Airlock ever wrote the file', async () => {
    const check = await run('--check');
    assert.equal(check.code, EXIT.notConnected, check.stderr);
    assert.match(check.stderr, /Claude Desktop is not connected to Airlock/);
  });

  it('is intact (exit 0) after connecting, and stays so when the app re-indents its file', async () => {
    const connect = await run();
    assert.equal(connect.code, 0, connect.stderr);
    assert.equal((await run('--check')).code, EXIT.intact);
    // Same meaning, other formatting and key order: still Airlock's entry.
    const value = configValue(await readFile(file, 'utf8')) as {
      mcpServers: { airlock: { command: string; args: string[] } };
    };
    const { command, args } = value.mcpServers.airlock;
    await rewrite({ globalShortcut: 'Ctrl+Space', mcpServers: { airlock: { args, command } } });
    const check = await run('--check');
    assert.equal(check.code, EXIT.intact, check.stderr);
    assert.match(check.stderr, /lists Airlock as Airlock set it up/);
  });

  it('says the entry is gone (exit 3) when the app rewrote its settings without it, and connecting again repairs it with a backup', async () => {
    await rewrite({ globalShortcut: 'Ctrl+Space' });
    const check = await run('--check');
    assert.equal(check.code, EXIT.gone, check.stderr);
    assert.match(
      check.stderr,
      /Claude Desktop no longer lists Airlock\. It may have rewritten its settings .*adds Airlock back, keeping a backup of the file\./,
    );
    assert.ok(
      check.stderr.includes(
        `"airlock connect claude-desktop --config-file ${JSON.stringify(file)}`,
      ),
    );

    const repair = await run();
    assert.equal(repair.code, 0, repair.stderr);
    assert.match(repair.stderr, /The previous version is kept in/);
    assert.equal((await run('--check')).code, EXIT.intact);
    const value = configValue(await readFile(file, 'utf8'));
    assert.equal(value.globalShortcut, 'Ctrl+Space', 'the app’s own settings are kept');
  });

  it('says the entry was changed by someone else (exit 4)', async () => {
    const value = configValue(await readFile(file, 'utf8')) as {
      mcpServers: { airlock: { command: string; args: string[] } };
    };
    value.mcpServers.airlock.args = ['/somewhere/else.js'];
    await rewrite(value);
    const check = await run('--check');
    assert.equal(check.code, EXIT.changed, check.stderr);
    assert.match(check.stderr, /someone else has changed its entry since Airlock wrote it/);
  });

  it('says "not connected" (exit 5) after --remove, not "gone"', async () => {
    assert.equal((await run('--remove')).code, 0);
    assert.equal((await run('--check')).code, EXIT.notConnected);
  });

  it('tells an entry Airlock has no record of (exit 6) from its own', async () => {
    await rewrite({ mcpServers: { airlock: { command: 'node', args: ['bridge.js'] } } });
    const check = await run('--check');
    assert.equal(check.code, EXIT.unrecorded, check.stderr);
    assert.match(check.stderr, /Airlock has no record of writing that entry/);
  });

  it('keeps its records private in the data dir, one per app and file', async () => {
    const records = path.join(sandbox.dataDir, 'connections.json');
    assert.equal((await stat(records)).mode & 0o777, 0o600);
    assert.ok(!(await readdir(sandbox.dataDir)).some((name) => name.endsWith('.tmp')));
  });

  it('exits 1 for a file it cannot read, and 2 for flags that would write or no client', async () => {
    await writeFile(file, '{ "mcpServers": ');
    const unreadable = await run('--check');
    assert.equal(unreadable.code, 1, unreadable.stderr);
    for (const extra of [['--remove'], ['--dry-run'], ['--port', '1234']]) {
      const refused = await run('--check', ...extra);
      assert.equal(refused.code, 2, `${extra.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, /--check only reads/);
    }
    const snippet = await runConnect(['snippet', '--check'], { home: sandbox.home });
    assert.equal(snippet.code, 2, snippet.stderr);
  });
});
