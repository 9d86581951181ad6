import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { keepVerifierCurrent } from '../../../main/core/keys/keep-verifier-current.ts';
import { ApiKeyVerifier } from '../../../main/core/keys/key-verifier.ts';
import { watchKeyChanges } from '../../../main/core/keys/watch-key-changes.ts';
import type { KeyScope } from '../../../main/core/keys/key-scope.ts';
import { inAnotherProcess } from './child-process.ts';
import { storeWithMemoryKeychain, tempDir } from './keys-fixture.ts';

const READ_ALL: KeyScope = { workspaces: 'all', access: 'read' };

/** Resolves once `check` holds; fails the test if it does not within the time given. */
async function eventually(check: () => boolean, what: string, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`not within ${withinMs} ms: ${what}`);
    await sleep(10);
  }
}

/** Another process removes a key from keys.json, as `airlock keys revoke` does. */
function revokeElsewhere(dataDir: string, name: string): Promise<string> {
  return inAnotherProcess(
    `const records = await readKeyRecords(input.dataDir);
     await writeKeyRecords(input.dataDir, records.filter((r) => r.name !== input.name));`,
    { dataDir, name },
  );
}

describe('watching for key changes', () => {
  it('calls back when another process replaces keys.json', async () => {
    const { store, dataDir } = await storeWithMemoryKeychain();
    await store.create('cursor', READ_ALL);
    let calls = 0;
    const stop = watchKeyChanges(dataDir, () => calls++);
    try {
      await revokeElsewhere(dataDir, 'cursor');
      await eventually(() => calls > 0, 'the change was reported');
    } finally {
      stop();
    }
  });

  it('turns a burst of changes into one call', async () => {
    const { store, dataDir } = await storeWithMemoryKeychain();
    await store.create('a', READ_ALL);
    let calls = 0;
    const stop = watchKeyChanges(dataDir, () => calls++, { debounceMs: 200 });
    try {
      for (const name of ['b', 'c', 'd', 'e']) await store.create(name, READ_ALL);
      await eventually(() => calls > 0, 'the burst was reported');
      await sleep(400);
      assert.equal(calls, 1);
    } finally {
      stop();
    }
  });

  it('ignores other files in the data dir', async () => {
    const dataDir = await tempDir();
    let calls = 0;
    const stop = watchKeyChanges(dataDir, () => calls++, { debounceMs: 10 });
    try {
      await writeFile(path.join(dataDir, 'config.json'), '{}');
      await writeFile(path.join(dataDir, 'keys.json.lock'), '1');
      await sleep(300);
      assert.equal(calls, 0);
      await writeFile(path.join(dataDir, 'keys.json'), '[]');
      await eventually(() => calls === 1, 'keys.json itself is reported');
    } finally {
      stop();
    }
  });

  it('stops calling back once stopped', async () => {
    const dataDir = await tempDir();
    let calls = 0;
    const stop = watchKeyChanges(dataDir, () => calls++, { debounceMs: 10 });
    stop();
    await writeFile(path.join(dataDir, 'keys.json'), '[]');
    await sleep(300);
    assert.equal(calls, 0);
  });
});

describe('keeping a server verifier current', () => {
  it('stops accepting a key at once when another process revokes it', async () => {
    const { store, dataDir } = await storeWithMemoryKeychain();
    const cursor = await store.create('cursor', READ_ALL);
    const vscode = await store.create('vscode', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    const dropped: string[] = [];
    const stop = keepVerifierCurrent({
      store,
      verifier,
      onKeysDropped: (names) => dropped.push(...names),
    });
    try {
      assert.equal(verifier.verify(cursor)?.name, 'cursor');
      await revokeElsewhere(dataDir, 'cursor');
      await eventually(
        () => verifier.verify(cursor) === undefined,
        'the revoked key was refused',
        2000,
      );
      assert.equal(verifier.verify(vscode)?.name, 'vscode');
      assert.deepEqual(dropped, ['cursor']);
    } finally {
      stop();
    }
  });

  it('takes a rotated key: the new secret works, the old one does not', async () => {
    const { store } = await storeWithMemoryKeychain();
    const old = await store.create('cursor', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    const dropped: string[] = [];
    const stop = keepVerifierCurrent({ store, verifier, onKeysDropped: (n) => dropped.push(...n) });
    try {
      const fresh = await store.rotate('cursor');
      await eventually(() => verifier.verify(fresh) !== undefined, 'the new secret was taken');
      assert.equal(verifier.verify(old), undefined);
      assert.deepEqual(dropped, ['cursor'], 'sessions opened with the old secret should end');
    } finally {
      stop();
    }
  });

  it('fails closed when the keychain cannot be read: drops changed keys, keeps unchanged ones', async () => {
    const { store, keychain } = await storeWithMemoryKeychain();
    const cursor = await store.create('cursor', READ_ALL);
    const vscode = await store.create('vscode', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    const errors: unknown[] = [];
    const stop = keepVerifierCurrent({ store, verifier, onError: (e) => errors.push(e) });
    try {
      await store.rotate('vscode');
      keychain.available = false;
      await eventually(() => errors.length > 0, 'the failed reload was reported');
      assert.equal(verifier.verify(vscode), undefined, 'a rotated key never keeps working');
      assert.equal(verifier.verify(cursor)?.name, 'cursor', 'an unchanged key keeps working');
    } finally {
      stop();
    }
  });

  it('accepts no keychain key while keys.json is damaged', async () => {
    const { store, dataDir } = await storeWithMemoryKeychain();
    const cursor = await store.create('cursor', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    const errors: unknown[] = [];
    const stop = keepVerifierCurrent({ store, verifier, onError: (e) => errors.push(e) });
    try {
      await writeFile(path.join(dataDir, 'keys.json'), '[{"name":');
      await eventually(() => errors.length > 0, 'the damaged list was reported');
      assert.equal(verifier.verify(cursor), undefined);
    } finally {
      stop();
    }
  });
});
