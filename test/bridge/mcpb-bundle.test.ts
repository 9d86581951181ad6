// The MCPB extension `npm run build` packs: a manifest per the MCPB spec, and a bridge that,
// unpacked and started the way the manifest says, serves a real client.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { textOf } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { REPO_ROOT } from '../helpers/server.ts';
import {
  BRIDGE_PATH,
  connectThroughBridge,
  MCPB_PATH,
  startSocketCli,
  type SocketCli,
} from './socket-cli.ts';
import { extractZip, type ZipEntry } from './unzip.ts';

/**
 * The top-level keys the MCPB manifest schema allows (schemas/mcpb-manifest-v0.3 and v0.4
 * in github.com/modelcontextprotocol/mcpb; `additionalProperties: false`), and those it requires.
 */
const ALLOWED_KEYS = new Set([
  '$schema',
  'dxt_version',
  'manifest_version',
  'name',
  'display_name',
  'version',
  'description',
  'long_description',
  'author',
  'repository',
  'homepage',
  'documentation',
  'support',
  'icon',
  'icons',
  'screenshots',
  'localization',
  'server',
  'tools',
  'tools_generated',
  'prompts',
  'prompts_generated',
  'keywords',
  'license',
  'privacy_policies',
  'compatibility',
  'user_config',
  '_meta',
]);
const REQUIRED_KEYS = ['manifest_version', 'name', 'version', 'description', 'author', 'server'];
const MANIFEST_VERSIONS = ['0.3', '0.4'];

interface Manifest {
  readonly [key: string]: unknown;
  readonly manifest_version: string;
  readonly name: string;
  readonly version: string;
  readonly author: { readonly name: string; readonly [key: string]: unknown };
  readonly server: {
    readonly type: string;
    readonly entry_point: string;
    readonly mcp_config: {
      readonly command: string;
      readonly args: string[];
      readonly [key: string]: unknown;
    };
    readonly [key: string]: unknown;
  };
  readonly compatibility: { readonly platforms: string[]; readonly [key: string]: unknown };
}

describe('the MCPB extension', () => {
  let unpacked: string;
  let entries: ZipEntry[];
  let manifest: Manifest;

  before(async () => {
    unpacked = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-mcpb-')));
    entries = await extractZip(await readFile(MCPB_PATH), unpacked);
    manifest = JSON.parse(await readFile(path.join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  });
  after(async () => {
    if (unpacked) await rm(unpacked, { recursive: true, force: true });
  });

  it('holds manifest.json, the bridge as server/airlock-bridge.js, a CommonJS package.json and the icon', () => {
    assert.deepEqual(entries.map((entry) => entry.name).sort(), [
      'icon.png',
      'manifest.json',
      'package.json',
      'server/airlock-bridge.js',
    ]);
  });

  it('carries the bridge exactly as built, executable', async () => {
    const bridge = entries.find((entry) => entry.name === 'server/airlock-bridge.js');
    assert.ok(bridge);
    assert.ok(
      bridge.data.equals(await readFile(BRIDGE_PATH)),
      'the bundled bridge is the built one',
    );
    assert.equal(bridge.mode, 0o755);
    assert.ok(bridge.data.toString('utf8').startsWith('#!/usr/bin/env node\n'));
    const pkg = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')) as {
      type: string;
    };
    assert.equal(pkg.type, 'commonjs');
  });

  it('has a manifest with every field the MCPB spec requires, and no field it does not know', () => {
    for (const key of REQUIRED_KEYS) assert.ok(key in manifest, `manifest.${key} is required`);
    for (const key of Object.keys(manifest)) assert.ok(ALLOWED_KEYS.has(key), `unknown key ${key}`);
    assert.ok(MANIFEST_VERSIONS.includes(manifest.manifest_version), manifest.manifest_version);
    assert.match(manifest.name, /^[a-z0-9-]+$/);
    assert.equal(typeof manifest.description, 'string');
    assert.equal(typeof manifest.author.name, 'string');
    assert.deepEqual(Object.keys(manifest.author), ['name']);
  });

  it('takes its version from package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(manifest.version, pkg.version);
    assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  });

  it('declares a node server whose entry point is the bundled bridge, started with node', () => {
    assert.deepEqual(Object.keys(manifest.server).sort(), ['entry_point', 'mcp_config', 'type']);
    assert.equal(manifest.server.type, 'node');
    assert.equal(manifest.server.entry_point, 'server/airlock-bridge.js');
    assert.ok(entries.some((entry) => entry.name === manifest.server.entry_point));
    assert.equal(manifest.server.mcp_config.command, 'node');
    assert.deepEqual(manifest.server.mcp_config.args, ['${__dirname}/server/airlock-bridge.js']);
  });

  it('names its icon, a PNG carried in the bundle', () => {
    assert.equal(manifest.icon, 'icon.png');
    const icon = entries.find((entry) => entry.name === 'icon.png');
    assert.ok(
      icon?.data
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    );
  });

  it('runs on macOS, Windows and Linux', () => {
    assert.deepEqual(manifest.compatibility.platforms, ['darwin', 'win32', 'linux']);
  });

  describe('unpacked and started per its manifest', () => {
    let sandbox: Sandbox;
    let airlock: SocketCli;
    before(async () => {
      sandbox = await makeSandbox();
      await sandbox.file(sandbox.ws, 'note.txt', 'through the extension\n');
      airlock = await startSocketCli({
        workspace: sandbox.ws,
        dataDir: sandbox.dataDir,
        home: sandbox.home,
      });
    });
    after(async () => {
      await airlock?.stop();
      await sandbox?.cleanup();
    });

    it('serves a real client: it lists the tools and reads a file', async () => {
      const { command, args } = manifest.server.mcp_config;
      assert.equal(command, 'node');
      const [bridge, ...rest] = args.map((arg) => arg.replaceAll('${__dirname}', unpacked));
      assert.ok(bridge);
      // The manifest passes no flags, so this test names its data dir in the environment.
      const bridged = await connectThroughBridge({
        home: sandbox.home,
        bridge,
        args: rest,
        env: { AIRLOCK_DATA_DIR: sandbox.dataDir },
      });
      try {
        const { tools } = await bridged.client.listTools();
        assert.ok(tools.some((tool) => tool.name === 'read_text_file'));
        const read = await bridged.client.callTool({
          name: 'read_text_file',
          arguments: { path: 'note.txt' },
        });
        assert.equal(textOf(read), 'through the extension\n');
      } finally {
        await bridged.close();
      }
    });
  });
});
