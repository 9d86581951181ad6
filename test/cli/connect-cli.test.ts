// `airlock connect` as a person runs it: exit codes, what is printed, what is written.
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runConnect } from './run-connect.ts';

const KEY = 'k-from-env';
const WITH_KEY = { MCP_API_KEY: KEY };

describe('airlock connect', () => {
  let sandbox: Sandbox;
  let home: string;
  before(async () => {
    sandbox = await makeSandbox();
    home = sandbox.home;
  });
  after(async () => {
    await sandbox?.cleanup();
  });

  it('exits 2 for an unknown client, a missing client, or an unknown flag', async () => {
    for (const args of [['bogus'], [], ['cursor', '--nope'], ['cursor', '--port', 'x']]) {
      const run = await runConnect(args, { home });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
  });

  it('exits 2 for an empty --workspace, which would scope the key to the current folder, and writes nothing', async () => {
    const file = path.join(sandbox.root, 'empty-workspace', 'mcp.json');
    for (const client of ['cursor', 'claude-desktop']) {
      const run = await runConnect([client, '--config-file', file, '--workspace', ''], {
        home,
        env: WITH_KEY,
      });
      assert.equal(run.code, 2, `${client}: ${run.stderr}`);
      assert.match(run.stderr, /--workspace needs a folder, but was given an empty name/);
      await assert.rejects(readFile(file));
    }
  });

  it('prints both generic snippets: the stdio bridge with absolute paths, and HTTP', async () => {
    const run = await runConnect(['snippet'], { home });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(JSON.stringify(process.execPath)));
    assert.match(run.stdout, /airlock-bridge\.js/);
    assert.match(run.stdout, /"url": "http:\/\/127\.0\.0\.1:47474\/mcp"/);
  });

  it("points clients at the port saved in Airlock's settings, and refuses a port of 0", async () => {
    const dataDir = path.join(sandbox.root, 'port-settings');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ http: { port: 5555 } }));
    const run = await runConnect(['snippet', '--data-dir', dataDir], { home });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"url": "http:\/\/127\.0\.0\.1:5555\/mcp"/);
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ http: { port: 0 } }));
    const refused = await runConnect(['snippet', '--data-dir', dataDir], { home });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /any free port/);
  });

  it('--dry-run prints the change and writes nothing', async () => {
    const file = path.join(sandbox.root, 'dry', 'mcp.json');
    const run = await runConnect(['windsurf', '--config-file', file, '--dry-run'], {
      home,
      env: WITH_KEY,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^\+ +"serverUrl": "http:\/\/127\.0\.0\.1:47474\/mcp",$/m);
    await assert.rejects(readFile(file));
  });

  it('Windsurf and Claude Code: merge, then a second run changes nothing, then --remove gives the file back', async () => {
    for (const client of ['windsurf', 'claude-code']) {
      const file = path.join(sandbox.root, `${client}.json`);
      const original =
        '{\n  // mine\n  "mcpServers": { "x": { "command": "y" } },\n  "numStartups": 3,\n}\n';
      await writeFile(file, original);
      const first = await runConnect([client, '--config-file', file], { home, env: WITH_KEY });
      assert.equal(first.code, 0, first.stderr);
      const written = await readFile(file, 'utf8');
      const headers = { Authorization: `Bearer ${KEY}` };
      const servers = configValue(written).mcpServers as Record<string, unknown>;
      assert.deepEqual(servers.x, { command: 'y' });
      assert.deepEqual(
        servers.airlock,
        client === 'windsurf'
          ? { serverUrl: 'http://127.0.0.1:47474/mcp', headers }
          : { type: 'http', url: 'http://127.0.0.1:47474/mcp', headers },
      );
      if (client === 'claude-code') assert.match(first.stderr, /claude mcp add --transport http/);
      const second = await runConnect([client, '--config-file', file], { home, env: WITH_KEY });
      assert.match(second.stderr, /nothing changed/);
      assert.equal(await readFile(file, 'utf8'), written);
      const removed = await runConnect([client, '--config-file', file, '--remove'], { home });
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(await readFile(file, 'utf8'), original);
    }
    const backups = (await readdir(sandbox.root)).filter((name) =>
      name.includes('.airlock-backup-'),
    );
    assert.equal(backups.length, 4, 'one backup per change, none for the run that changed nothing');
  });

  it('VS Code: the key is an input kept in its secret storage, never written into the file', async () => {
    const file = path.join(sandbox.root, 'Code', 'User', 'mcp.json');
    const run = await runConnect(['vscode', '--config-file', file], { home, env: WITH_KEY });
    assert.equal(run.code, 0, run.stderr);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(KEY));
    const value = configValue(text);
    assert.deepEqual((value.servers as Record<string, unknown>).airlock, {
      type: 'http',
      url: 'http://127.0.0.1:47474/mcp',
      headers: { Authorization: 'Bearer ${input:airlock-key}' },
    });
    assert.deepEqual(value.inputs, [
      { id: 'airlock-key', type: 'promptString', description: 'Airlock key', password: true },
    ]);
  });

  it('a read-only config: exit 1, a clear message, the file unchanged', async () => {
    const file = path.join(sandbox.root, 'locked.json');
    await writeFile(file, '{}');
    await chmod(file, 0o444);
    const run = await runConnect(['cursor', '--config-file', file], { home, env: WITH_KEY });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /read-only/);
    assert.equal(await readFile(file, 'utf8'), '{}');
  });

  it('a dry run of --remove says it would remove Airlock, and writes nothing', async () => {
    const file = path.join(sandbox.root, 'dry-remove.json');
    const original = '{ "mcpServers": { "airlock": { "url": "x" }, "notes": {} } }\n';
    await writeFile(file, original);
    const run = await runConnect(['cursor', '--config-file', file, '--remove', '--dry-run'], {
      home,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Dry run: nothing was written\. Would remove Airlock from /m);
    assert.doesNotMatch(run.stderr, /Removed Airlock/);
    assert.match(run.stdout, /^- /m);
    assert.equal(await readFile(file, 'utf8'), original);
  });

  it('a dry run for a client that is not installed says what a real run would do, not that it is writing', async () => {
    // The fixture home has no ~/.codeium folder: Windsurf is not installed.
    const run = await runConnect(['windsurf', '--dry-run'], { home, env: WITH_KEY });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Windsurf does not seem to be installed here/);
    assert.doesNotMatch(run.stderr, /writing its config anyway/);
    assert.match(run.stderr, /a real run would write its config anyway/);
    await assert.rejects(readFile(path.join(home, '.codeium', 'windsurf', 'mcp_config.json')));
  });

  it('--remove where Airlock is not listed says there was nothing to remove, the second time too', async () => {
    const file = path.join(sandbox.root, 'remove-twice.json');
    await writeFile(file, '{ "mcpServers": { "airlock": { "url": "x" }, "notes": {} } }\n');
    const first = await runConnect(['cursor', '--config-file', file, '--remove'], { home });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Removed Airlock from Cursor/);
    const after = await readFile(file, 'utf8');
    const second = await runConnect(['cursor', '--config-file', file, '--remove'], { home });
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      /Airlock is not in .*remove-twice\.json; there was nothing to remove\./,
    );
    assert.doesNotMatch(second.stderr, /already set up/);
    assert.equal(await readFile(file, 'utf8'), after);
    // A client whose config file does not exist at all: nothing to remove, nothing made.
    const missing = path.join(sandbox.root, 'no-such', 'mcp.json');
    const none = await runConnect(['cursor', '--config-file', missing, '--remove'], { home });
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /there was nothing to remove/);
    await assert.rejects(readFile(missing));
  });

  it("refuses --workspace and --allow-write for a stdio client, which gets the app's folders, and writes nothing", async () => {
    const file = path.join(sandbox.root, 'stdio-scope', 'claude.json');
    for (const flags of [['--workspace', sandbox.ws], ['--allow-write']]) {
      for (const extra of [[], ['--dry-run'], ['--remove']]) {
        const args = ['claude-desktop', '--config-file', file, ...flags, ...extra];
        const run = await runConnect(args, { home });
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, /Claude Desktop starts the Airlock bridge/);
        await assert.rejects(readFile(file));
      }
    }
  });

  it('refuses --workspace and --allow-write with --remove, which makes no key', async () => {
    const file = path.join(sandbox.root, 'remove-scope.json');
    const original = '{ "mcpServers": { "airlock": { "url": "x" } } }\n';
    await writeFile(file, original);
    const run = await runConnect(['cursor', '--config-file', file, '--remove', '--allow-write'], {
      home,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--remove makes no key/);
    assert.equal(await readFile(file, 'utf8'), original);
  });

  it('says that --workspace did not scope the key when the key comes from MCP_API_KEY', async () => {
    const file = path.join(sandbox.root, 'env-key-scope.json');
    const run = await runConnect(['cursor', '--config-file', file, '--workspace', sandbox.ws], {
      home,
      env: WITH_KEY,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /--workspace and --allow-write were not applied to a key/);
  });

  it('an HTTP client with no MCP_API_KEY and no keychain fails clearly and writes nothing', async () => {
    const file = path.join(sandbox.root, 'nokeychain.json');
    // No D-Bus session: the Secret Service cannot answer.
    const run = await runConnect(['cursor', '--config-file', file, '--data-dir', sandbox.dataDir], {
      home,
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /keychain/i);
    await assert.rejects(readFile(file));
  });
});
