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
