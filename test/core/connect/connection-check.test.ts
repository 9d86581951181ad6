// What Airlock remembers of each app it connected, and how the entry in an app's config is
// judged against it: intact, gone, changed by someone else, never written, or not Airlock's.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { airlockEntryOf, canonicalJson } from '../../../main/core/connect/airlock-entry.ts';
import { claudeDesktop } from '../../../main/core/connect/clients/claude-desktop.ts';
import { vscode } from '../../../main/core/connect/clients/vscode.ts';
import {
  checkConnection,
  judgeConnection,
  rememberConnection,
} from '../../../main/core/connect/connection-check.ts';
import { ConnectionRecords } from '../../../main/core/connect/connection-records.ts';

const ENDPOINTS = {
  stdio: { command: '/node', args: ['/bridge.js'] },
  url: 'http://127.0.0.1:1/mcp',
};
const DESKTOP_ENTRY = { command: '/node', args: ['/bridge.js'] };

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'airlock-records-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("Airlock's entry in a config", () => {
  it('is found where a removal would clear it, and fingerprinted whatever the key order', () => {
    const a = airlockEntryOf(claudeDesktop, { mcpServers: { airlock: DESKTOP_ENTRY, x: {} } });
    const b = airlockEntryOf(claudeDesktop, {
      other: 1,
      mcpServers: { airlock: { args: ['/bridge.js'], command: '/node' } },
    });
    assert.equal(a.present, true);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
    const changed = airlockEntryOf(claudeDesktop, {
      mcpServers: { airlock: { command: '/node', args: ['/elsewhere.js'] } },
    });
    assert.notEqual(changed.fingerprint, a.fingerprint);
    assert.equal(airlockEntryOf(claudeDesktop, { mcpServers: {} }).present, false);
    assert.equal(airlockEntryOf(claudeDesktop, {}).present, false);
    assert.equal(airlockEntryOf(claudeDesktop, { mcpServers: [] }).present, false);
  });

  it("covers VS Code's key input too: dropping it changes the entry", () => {
    const value: Record<string, unknown> = {};
    for (const edit of vscode.addEdits(ENDPOINTS, '')) {
      const container = (value[edit.container] ??= edit.kind === 'member' ? {} : []);
      if (edit.kind === 'member') (container as Record<string, unknown>)[edit.name] = edit.value;
      else (container as unknown[]).push(edit.value);
    }
    const whole = airlockEntryOf(vscode, value);
    const withoutInput = airlockEntryOf(vscode, { ...value, inputs: [] });
    assert.equal(whole.present, true);
    assert.equal(withoutInput.present, true);
    assert.notEqual(whole.fingerprint, withoutInput.fingerprint);
  });

  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    assert.equal(
      canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' }),
      '{"a":"x","b":[2,{"c":null,"d":1}]}',
    );
  });
});

describe('judging the entry against what Airlock wrote last', () => {
  const entry = (present: boolean, fingerprint = 'f'.repeat(64)) => ({ present, fingerprint });
  const record = {
    client: 'claude-desktop' as const,
    configFile: '/c.json',
    fingerprint: 'f'.repeat(64),
    written: '2026-01-01T00:00:00.000Z',
  };
  it('names each of the five states', () => {
    assert.equal(judgeConnection(entry(true), record), 'intact');
    assert.equal(judgeConnection(entry(false), record), 'gone');
    assert.equal(judgeConnection(entry(true, 'e'.repeat(64)), record), 'changed');
    assert.equal(judgeConnection(entry(false), undefined), 'not_connected');
    assert.equal(judgeConnection(entry(true), undefined), 'unrecorded');
  });
});

describe('the records in the data dir', () => {
  it('remembers per app and file, forgets on removal, and is readable by its owner only', async () => {
    const dataDir = path.join(root, 'data');
    const records = new ConnectionRecords(dataDir);
    const config = path.join(root, 'claude.json');
    await writeFile(config, JSON.stringify({ mcpServers: { airlock: DESKTOP_ENTRY } }));
    assert.equal(await checkConnection(claudeDesktop, config, records), 'unrecorded');
    await rememberConnection(records, claudeDesktop, config, await readFile(config, 'utf8'));
    assert.equal(await checkConnection(claudeDesktop, config, records), 'intact');
    assert.equal((await stat(path.join(dataDir, 'connections.json'))).mode & 0o777, 0o600);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
    // Another file of the same app has no record of its own.
    assert.equal(await records.find('claude-desktop', path.join(root, 'other.json')), undefined);

    await writeFile(config, '{}');
    assert.equal(await checkConnection(claudeDesktop, config, records), 'gone');
    await rm(config);
    assert.equal(
      await checkConnection(claudeDesktop, config, records),
      'gone',
      'a deleted file too',
    );
    await records.forget('claude-desktop', config);
    assert.equal(await checkConnection(claudeDesktop, config, records), 'not_connected');
  });

  it('takes a records file that is not its own shape as no records, and writes it anew', async () => {
    const dataDir = path.join(root, 'bad');
    const records = new ConnectionRecords(dataDir);
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'connections.json'), '{ not json');
    assert.equal(await records.find('cursor', '/x'), undefined);
    await records.remember('cursor', '/x', 'a'.repeat(64));
    assert.equal((await records.find('cursor', '/x'))?.fingerprint, 'a'.repeat(64));
  });

  it('cannot judge a config it cannot parse: it throws, as a connect would', async () => {
    const config = path.join(root, 'broken.json');
    await writeFile(config, '{ "mcpServers": ');
    await assert.rejects(
      checkConnection(claudeDesktop, config, new ConnectionRecords(path.join(root, 'd2'))),
      /unexpected end|line 1/i,
    );
  });
});
