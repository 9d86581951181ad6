// A server started by an MCP client reaches the keychain on Linux. Clients start stdio
// servers with the SDK's default environment (HOME, LOGNAME, PATH, SHELL, TERM, USER), which
// has no DBUS_SESSION_BUS_ADDRESS; the server must find the user's session bus itself, or
// every record it writes is unkeyed and unanchored. The runner's private bus stands in for
// the user's: XDG_RUNTIME_DIR names a temp folder whose `bus` leads to it, as it would to
// /run/user/<uid>/bus. Needs a Secret Service (scripts/run-tests.sh starts a private one).
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { anchorAccount } from '../../main/core/audit/head-anchor.ts';
import { testKeychain } from '../helpers/system-keychain-fixture.ts';
import { cliEnv, runCli } from '../cli/run-keys-cli.ts';
import { makeSandbox } from '../helpers/sandbox.ts';
import { serveArgs } from '../helpers/server.ts';

const sandbox = await makeSandbox();
after(() => sandbox.cleanup());
const system = testKeychain('airlock-test-client-env');
const auditFile = path.join(sandbox.dataDir, 'audit', 'audit.jsonl');

/** The socket of the runner's private session bus, when it is at a path a link can lead to. */
function privateBusSocket(): string | undefined {
  const match = /^unix:path=([^,;]+)/.exec(process.env.DBUS_SESSION_BUS_ADDRESS ?? '');
  return match?.[1];
}

describe('a server started by an MCP client, with the default environment', () => {
  before(async () => {
    await system.probe();
  });
  after(() => system.empty());

  it('finds the session bus, keys every record, and anchors the log in the keychain', async (t) => {
    if (!system.reachable(t)) return;
    const bus = privateBusSocket();
    if (!bus) return t.skip('the session bus is not at a socket path that can be linked to');
    const runtimeDir = await sandbox.dir('runtime');
    symlinkSync(bus, path.join(runtimeDir, 'bus'));

    const env = {
      ...getDefaultEnvironment(),
      XDG_RUNTIME_DIR: runtimeDir,
      AIRLOCK_KEYCHAIN_SERVICE: system.service,
    };
    assert.equal('DBUS_SESSION_BUS_ADDRESS' in env, false, 'a client passes no bus address');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: serveArgs({ workspaces: [sandbox.ws], dataDir: sandbox.dataDir, home: sandbox.home }),
      env,
      cwd: sandbox.home,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'client-env-test', version: '1.0.0' });
    await client.connect(transport);
    await client.callTool({ name: 'list_allowed_directories', arguments: {} });
    await client.callTool({ name: 'list_directory', arguments: { path: sandbox.ws } });
    await client.close();

    assert.doesNotMatch(stderr, /keychain/, stderr);
    const records = readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecord);
    assert.ok(records.length >= 2);
    for (const record of records) assert.ok(record.mac, `record ${record.seq} carries a MAC`);
    const anchor = await system.keychain.get(anchorAccount(auditFile));
    assert.ok(anchor, 'the keychain holds the head anchor');
    assert.equal(
      (JSON.parse(anchor) as { seq: number }).seq,
      records.at(-1)?.seq,
      'written on a clean exit',
    );

    const verified = await runCli(
      ['audit', 'verify', '--data-dir', sandbox.dataDir],
      cliEnv({ AIRLOCK_KEYCHAIN_SERVICE: system.service }),
    );
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /Keyed: every record carries a keyed MAC/);
    assert.match(verified.stdout, /Anchored: /);
  });
});
