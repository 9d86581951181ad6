// The bridge is one file that Node 18 can run on its own: Node built-ins only, and its own
// copies of where Airlock lives, which must agree with the core's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { bridgeDataDir, bridgeEndpoint, clientNameFrom } from '../../main/bridge/airlock-bridge.ts';
import { chooseDataDir, defaultDataDir } from '../../main/core/config/data-dir.ts';
import { socketEndpoint } from '../../main/core/socket/socket-endpoint.ts';

const SOURCE = new URL('../../main/bridge/airlock-bridge.ts', import.meta.url);

describe('the bridge source', () => {
  it('imports Node built-ins only', async () => {
    const source = await readFile(SOURCE, 'utf8');
    const imports = [
      ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g),
    ].map((match) => match[1] ?? match[2]);
    assert.ok(imports.length > 0);
    for (const specifier of imports)
      assert.match(specifier ?? '', /^node:/, `imports ${specifier}`);
  });

  it('starts with a shebang, so the npm bin runs it with node', async () => {
    assert.ok((await readFile(SOURCE, 'utf8')).startsWith('#!/usr/bin/env node\n'));
  });

  it('chooses the same default data dir as the core on every system', () => {
    const cases: [NodeJS.Platform, NodeJS.ProcessEnv, string][] = [
      ['linux', {}, '/home/ann'],
      ['linux', { XDG_CONFIG_HOME: '/home/ann/cfg' }, '/home/ann'],
      ['linux', { XDG_CONFIG_HOME: '' }, '/home/ann'],
      ['darwin', {}, '/Users/ann'],
      ['win32', { APPDATA: 'C:\\Users\\Ann\\AppData\\Roaming' }, 'C:\\Users\\Ann'],
      ['win32', {}, 'C:\\Users\\Ann'],
    ];
    for (const [platform, env, home] of cases) {
      const core = defaultDataDir(platform, env, home);
      // bridgeDataDir resolves its answer, as chooseDataDir does; compare resolved paths.
      assert.equal(
        bridgeDataDir(undefined, env, platform, home),
        chooseDataDir(core, {}),
        `${platform} ${JSON.stringify(env)}`,
      );
    }
  });

  it('lets --data-dir win over AIRLOCK_DATA_DIR, and AIRLOCK_DATA_DIR over the default, like the core', () => {
    const env = { AIRLOCK_DATA_DIR: '/srv/airlock-env' };
    assert.equal(bridgeDataDir('/srv/flag', env), chooseDataDir('/srv/flag', env));
    assert.equal(bridgeDataDir(undefined, env), chooseDataDir(undefined, env));
    assert.equal(bridgeDataDir('relative/dir', {}), chooseDataDir('relative/dir', {}));
  });

  it('finds the socket or pipe exactly where the server listens', () => {
    const cases: [string, NodeJS.Platform, string][] = [
      ['/home/ann/.config/Airlock', 'linux', 'ann'],
      ['/Users/ann/Library/Application Support/Airlock', 'darwin', 'ann'],
      ['C:\\Users\\Ann\\AppData\\Roaming\\Airlock', 'win32', 'Ann'],
      ['D:\\Airlock Data', 'win32', 'bob'],
    ];
    for (const [dataDir, platform, user] of cases) {
      assert.equal(
        bridgeEndpoint(dataDir, platform, user),
        socketEndpoint(dataDir, platform, user),
      );
    }
    assert.equal(bridgeEndpoint('/tmp/x'), socketEndpoint('/tmp/x'));
  });

  it('names the client from its initialize clientInfo, or its modern request metadata', () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { clientInfo: { name: 'claude-ai', version: '0.1.0' } },
    };
    assert.equal(clientNameFrom(JSON.stringify(initialize)), 'claude-ai 0.1.0');
    const modern = {
      jsonrpc: '2.0',
      id: 0,
      method: 'server/discover',
      params: { _meta: { 'io.modelcontextprotocol/clientInfo': { name: 'cursor' } } },
    };
    assert.equal(clientNameFrom(JSON.stringify(modern)), 'cursor');
    assert.equal(clientNameFrom('not json'), 'unknown');
    assert.equal(clientNameFrom(undefined), 'unknown');
  });
});
