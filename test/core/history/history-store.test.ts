import assert from 'node:assert/strict';
import {
  chmod,
  lstat,
  mkdtemp,
  readFile,
  readlink,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  symlink,
} from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { HistoryStore, type HistoryEntry } from '../../../main/core/history/history-store.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, makePolicy, put, rejectsWith } from '../fixtures.ts';

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

async function readEntry(folder: string): Promise<HistoryEntry> {
  return JSON.parse(await readFile(path.join(folder, 'entry.json'), 'utf8')) as HistoryEntry;
}

describe('HistoryStore.keepDeleted', () => {
  it('moves a deleted file into history/<id>/payload and removes the original', async () => {
    const { ws, dataDir } = await makeLayout();
    const file = await put(ws, 'notes/a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const store = new HistoryStore(dataDir);
    const entry = await store.keepDeleted(await policy.resolveLinkItself('notes/a.txt'), 'file');
    const folder = path.join(dataDir, 'history', entry.id);
    assert.equal(store.root, path.join(dataDir, 'history'));
    assert.equal(await exists(file), false);
    assert.equal(await readFile(path.join(folder, 'payload'), 'utf8'), 'alpha\n');
    assert.deepEqual((await readdir(folder)).sort(), ['entry.json', 'payload']);
  });

  it('writes entry.json with the original path, workspace, kind and action', async () => {
    const { ws, dataDir } = await makeLayout();
    const file = await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const entry = await new HistoryStore(dataDir).keepDeleted(
      await policy.resolveLinkItself('a.txt'),
      'file',
    );
    const stored = await readEntry(path.join(dataDir, 'history', entry.id));
    assert.deepEqual(stored, entry);
    assert.equal(stored.originalPath, file);
    assert.equal(stored.workspaceRoot, ws);
    assert.equal(stored.kind, 'file');
    assert.equal(stored.action, 'delete');
    assert.ok(!Number.isNaN(Date.parse(stored.at)));
  });

  it('moves a deleted folder with its content and records kind directory', async () => {
    const { ws, dataDir } = await makeLayout();
    await put(ws, 'dir/one.txt', '1\n');
    await put(ws, 'dir/nested/two.txt', '2\n');
    const policy = await makePolicy(ws);
    const entry = await new HistoryStore(dataDir).keepDeleted(
      await policy.resolveLinkItself('dir'),
      'directory',
    );
    const folder = path.join(dataDir, 'history', entry.id);
    assert.equal(await exists(path.join(ws, 'dir')), false);
    assert.equal(await readFile(path.join(folder, 'payload/one.txt'), 'utf8'), '1\n');
    assert.equal(await readFile(path.join(folder, 'payload/nested/two.txt'), 'utf8'), '2\n');
    const stored = await readEntry(folder);
    assert.equal(stored.kind, 'directory');
    assert.equal(stored.originalPath, path.join(ws, 'dir'));
  });

  it('keeps a deleted link as a link, leaving its target in place', async () => {
    const { ws, dataDir } = await makeLayout();
    await put(ws, 'target.txt', 't\n');
    await symlink('target.txt', path.join(ws, 'link.txt'));
    const policy = await makePolicy(ws);
    const entry = await new HistoryStore(dataDir).keepDeleted(
      await policy.resolveLinkItself('link.txt'),
      'file',
    );
    const payload = path.join(dataDir, 'history', entry.id, 'payload');
    assert.equal(await readlink(payload), 'target.txt');
    assert.equal(await exists(path.join(ws, 'link.txt')), false);
    assert.equal(await readFile(path.join(ws, 'target.txt'), 'utf8'), 't\n');
  });

  it('gives each deletion its own entry, even for the same path', async () => {
    const { ws, dataDir } = await makeLayout();
    const policy = await makePolicy(ws);
    const store = new HistoryStore(dataDir);
    await put(ws, 'a.txt', 'first\n');
    const first = await store.keepDeleted(await policy.resolveLinkItself('a.txt'), 'file');
    await put(ws, 'a.txt', 'second\n');
    const second = await store.keepDeleted(await policy.resolveLinkItself('a.txt'), 'file');
    assert.notEqual(first.id, second.id);
    assert.equal(await readFile(path.join(store.root, first.id, 'payload'), 'utf8'), 'first\n');
    assert.equal(await readFile(path.join(store.root, second.id, 'payload'), 'utf8'), 'second\n');
  });

  it('keeps history private to the user', async () => {
    const { ws, dataDir } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const entry = await new HistoryStore(dataDir).keepDeleted(
      await policy.resolveLinkItself('a.txt'),
      'file',
    );
    const folder = path.join(dataDir, 'history', entry.id);
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    assert.equal((await stat(path.join(folder, 'entry.json'))).mode & 0o777, 0o600);
  });

  it('removes its half-made entry when the file vanished before it could be moved', async () => {
    const { ws, dataDir } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const target = await policy.resolveLinkItself('a.txt');
    const store = new HistoryStore(dataDir);
    await rename(path.join(ws, 'a.txt'), path.join(ws, 'gone.txt'));
    await assert.rejects(store.keepDeleted(target, 'file'));
    assert.deepEqual(await readdir(store.root), []);
    assert.equal(await readFile(path.join(ws, 'gone.txt'), 'utf8'), 'alpha\n');
  });
});

// When the data dir is on another drive, a deletion is copied there and then removed.
// /dev/shm is a tmpfs on Linux, a file system of its own beside the temp folder.
const OTHER_FILE_SYSTEM = '/dev/shm';

/** A data dir on another file system than `ws`, or the reason there is none here. */
async function dataDirElsewhere(ws: string): Promise<string | { skip: string }> {
  const base = await stat(OTHER_FILE_SYSTEM).catch(() => undefined);
  if (!base?.isDirectory() || base.dev === (await stat(ws)).dev)
    return { skip: `${OTHER_FILE_SYSTEM} is not a separate file system here` };
  const dir = await realpath(await mkdtemp(path.join(OTHER_FILE_SYSTEM, 'airlock-history-')));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('HistoryStore.keepDeleted with the data dir on another drive', () => {
  it('copies a deleted folder with its files, modes and links, then removes the original', async (t) => {
    const { ws } = await makeLayout();
    const dataDir = await dataDirElsewhere(ws);
    if (typeof dataDir !== 'string') return t.skip(dataDir.skip);
    await put(ws, 'old/a.sh', '#!/bin/sh\n');
    await chmod(path.join(ws, 'old/a.sh'), 0o750);
    await put(ws, 'old/deep/b.txt', 'beta\n');
    await symlink('a.sh', path.join(ws, 'old/link'));
    const policy = await makePolicy(ws);
    const entry = await new HistoryStore(dataDir).keepDeleted(
      await policy.resolveLinkItself('old'),
      'directory',
    );
    const payload = path.join(dataDir, 'history', entry.id, 'payload');
    assert.equal(await exists(path.join(ws, 'old')), false);
    assert.equal(await readFile(path.join(payload, 'deep/b.txt'), 'utf8'), 'beta\n');
    assert.equal((await stat(path.join(payload, 'a.sh'))).mode & 0o7777, 0o750);
    assert.equal(await readlink(path.join(payload, 'link')), 'a.sh');
  });

  it('refuses a folder holding a pipe without waiting on it, and leaves no half entry', async (t) => {
    const { ws } = await makeLayout();
    const dataDir = await dataDirElsewhere(ws);
    if (typeof dataDir !== 'string') return t.skip(dataDir.skip);
    await put(ws, 'old/a.txt', 'alpha\n');
    const fifo = makeFifo(path.join(ws, 'old', 'pipe'));
    const policy = await makePolicy(ws);
    const store = new HistoryStore(dataDir);
    const deletion = store.keepDeleted(await policy.resolveLinkItself('old'), 'directory');
    await rejectsWith(settlesWithin(deletion, 2000, [fifo]), 'not_a_file');
    assert.equal(await readFile(path.join(ws, 'old/a.txt'), 'utf8'), 'alpha\n');
    assert.deepEqual(await readdir(store.root), []);
  });
});
