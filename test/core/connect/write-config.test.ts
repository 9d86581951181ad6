import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ConfigEdit } from '../../../main/core/connect/config-edit.ts';
import { isConnectError } from '../../../main/core/connect/connect-error.ts';
import { configValue } from '../../../main/core/connect/merge-config.ts';
import { writeConfigFile } from '../../../main/core/connect/write-config.ts';

const ENTRY = { command: '/abs/node', args: ['/abs/airlock-bridge.js'] };
const add: ConfigEdit[] = [
  { kind: 'member', container: 'mcpServers', name: 'airlock', value: ENTRY },
];
const ORIGINAL =
  '{\r\n  // mine\r\n  "mcpServers": {\r\n    "other": { "command": "x" },\r\n  },\r\n  "keep": 1,\r\n}\r\n';
const NOW = () => new Date('2026-01-02T03:04:05.678Z');

describe('writing a client config file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-connect-'));
    file = path.join(dir, 'config.json');
  });
  afterEach(async () => {
    await chmod(file, 0o600).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a timestamped backup of the old file first, then the merged file, and leaves no temp file', async () => {
    await writeFile(file, ORIGINAL);
    const result = await writeConfigFile(file, add, { now: NOW });
    assert.equal(result.backup, `${file}.airlock-backup-20260102T030405Z`);
    assert.equal(await readFile(result.backup, 'utf8'), ORIGINAL);
    const after = await readFile(file, 'utf8');
    assert.deepEqual(configValue(after), {
      mcpServers: { other: { command: 'x' }, airlock: ENTRY },
      keep: 1,
    });
    assert.ok(after.includes('// mine'));
    assert.deepEqual((await readdir(dir)).sort(), [
      'config.json',
      'config.json.airlock-backup-20260102T030405Z',
    ]);
  });

  it('keeps the owner’s permissions, and takes away everyone else’s: the file may hold a key', async () => {
    await writeFile(file, ORIGINAL);
    await chmod(file, 0o644);
    await writeConfigFile(file, add, { now: NOW });
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    await chmod(file, 0o754);
    const again: ConfigEdit[] = [{ ...add[0]!, value: { ...ENTRY, args: ['/other/bridge.js'] } }];
    await writeConfigFile(file, again, { now: NOW });
    assert.equal((await stat(file)).mode & 0o777, 0o700);
  });

  it('a second run changes nothing and makes no second backup', async () => {
    await writeFile(file, ORIGINAL);
    await writeConfigFile(file, add, { now: NOW });
    const written = await readFile(file, 'utf8');
    const again = await writeConfigFile(file, add, { now: () => new Date('2026-02-02T00:00:00Z') });
    assert.equal(again.changed, false);
    assert.equal(again.backup, undefined);
    assert.equal(await readFile(file, 'utf8'), written);
    assert.equal((await readdir(dir)).length, 2);
  });

  it('refuses a read-only file with a clear error and changes nothing', async () => {
    await writeFile(file, ORIGINAL);
    await chmod(file, 0o444);
    await assert.rejects(
      writeConfigFile(file, add, { now: NOW }),
      (error) => isConnectError(error, 'read_only') && error.message.includes('read-only'),
    );
    assert.equal(await readFile(file, 'utf8'), ORIGINAL);
    assert.deepEqual(await readdir(dir), ['config.json']);
  });

  it('creates a missing folder (user-only) and a missing file, with no backup', async () => {
    const nested = path.join(dir, 'a', 'b', 'mcp.json');
    const result = await writeConfigFile(nested, add, { now: NOW });
    assert.equal(result.created, true);
    assert.equal(result.backup, undefined);
    assert.equal((await stat(path.join(dir, 'a', 'b'))).mode & 0o777, 0o700);
    assert.equal((await stat(nested)).mode & 0o777, 0o600);
    assert.deepEqual(configValue(await readFile(nested, 'utf8')), {
      mcpServers: { airlock: ENTRY },
    });
  });

  it('a dry run reports the change and writes nothing', async () => {
    await writeFile(file, ORIGINAL);
    const result = await writeConfigFile(file, add, { dryRun: true, now: NOW });
    assert.equal(result.changed, true);
    assert.ok(result.after.includes('airlock-bridge.js'));
    assert.equal(await readFile(file, 'utf8'), ORIGINAL);
    assert.deepEqual(await readdir(dir), ['config.json']);
  });

  it('refuses a file it cannot parse and changes nothing', async () => {
    await writeFile(file, '{ "mcpServers": { nope } }');
    await assert.rejects(writeConfigFile(file, add), (e) => isConnectError(e, 'unreadable_config'));
    assert.deepEqual(await readdir(dir), ['config.json']);
  });

  it('refuses a folder where the file should be', async () => {
    await mkdir(file);
    await assert.rejects(writeConfigFile(file, add), (e) => isConnectError(e, 'not_a_file'));
  });

  it('--remove deletes only our entry, with a backup', async () => {
    await writeFile(file, ORIGINAL);
    await writeConfigFile(file, add, { now: NOW });
    const removed = await writeConfigFile(
      file,
      [{ kind: 'member', container: 'mcpServers', name: 'airlock', value: undefined }],
      { now: () => new Date('2026-01-02T03:04:06Z') },
    );
    assert.ok(removed.backup);
    assert.equal(await readFile(file, 'utf8'), ORIGINAL);
  });
});
