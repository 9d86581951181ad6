import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { keyFileName } from '../../../main/core/keys/key-name.ts';
import { keysFilePath, readKeyRecords } from '../../../main/core/keys/key-metadata.ts';
import { recordKeyUse } from '../../../main/core/keys/key-last-used.ts';
import { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import type { KeyScope } from '../../../main/core/keys/key-scope.ts';
import { isKeysError } from '../../../main/core/keys/keys-error.ts';
import { filesBelow, storeWithMemoryKeychain } from './keys-fixture.ts';
import { isApiKeyShaped } from '../../../preload/contract/api-key.ts';

const ALL_READ: KeyScope = { workspaces: 'all', access: 'read' };

describe('the keychain key store', () => {
  describe('create', () => {
    it('returns a new key, keeps it in the keychain only, and lists the key', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      const secret = await store.create('cursor', ALL_READ);
      assert.equal(isApiKeyShaped(secret), true);
      assert.equal(keychain.entries.get('key:cursor'), secret);
      const [record] = await readKeyRecords(dataDir);
      assert.equal(record?.name, 'cursor');
      assert.deepEqual(record?.scope, ALL_READ);
      assert.ok(Math.abs(Date.parse(record?.created ?? '') - Date.now()) < 60_000);
      for (const { file, text } of await filesBelow(dataDir))
        assert.equal(text.includes(secret), false, `the secret is in ${file}`);
    });

    it('refuses a name that is already a key, changing nothing', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      const first = await store.create('cursor', ALL_READ);
      const before = await readFile(keysFilePath(dataDir), 'utf8');
      await assert.rejects(
        store.create('cursor', { workspaces: 'all', access: 'write' }),
        (error) =>
          isKeysError(error, 'duplicate_key') && /already a key named "cursor"/.test(error.message),
      );
      assert.equal(keychain.entries.get('key:cursor'), first);
      assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), before);
    });

    it('refuses a name the keychain already holds (another data dir), leaving it alone', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      keychain.entries.set('key:shared', 'alk_someone_elses');
      await assert.rejects(
        store.create('shared', ALL_READ),
        (error) =>
          isKeysError(error, 'duplicate_key') &&
          /system keychain already holds/.test(error.message),
      );
      assert.equal(keychain.entries.get('key:shared'), 'alk_someone_elses');
      assert.equal(existsSync(keysFilePath(dataDir)), false);
    });

    it('refuses an invalid name before touching the keychain', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      await assert.rejects(store.create('no/slashes', ALL_READ), (error) =>
        isKeysError(error, 'invalid_name'),
      );
      assert.deepEqual(keychain.calls, []);
    });

    it('fails clearly with a locked keychain and writes nothing to disk', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      keychain.available = false;
      await assert.rejects(
        store.create('cursor', ALL_READ),
        (error) =>
          isKeysError(error, 'keychain_unavailable') &&
          /never in a file/.test(error.message) &&
          /Secret Service/.test(error.message),
      );
      assert.deepEqual(await filesBelow(dataDir), []);
    });

    it('takes the secret back out of the keychain when the list cannot be written', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      // A folder where the key's last-use marker goes makes the step after the keychain fail.
      await mkdir(path.join(dataDir, 'keys', 'used', keyFileName('cursor'), 'blocker'), {
        recursive: true,
      });
      await assert.rejects(store.create('cursor', ALL_READ));
      assert.equal(keychain.entries.has('key:cursor'), false);
      assert.equal(existsSync(keysFilePath(dataDir)), false);
    });

    it('loses no key when several are made at once', async () => {
      const { store } = await storeWithMemoryKeychain();
      const names = Array.from({ length: 8 }, (_, index) => `key-${index}`);
      await Promise.all(names.map((name) => store.create(name, ALL_READ)));
      assert.deepEqual((await store.list()).map((key) => key.name).sort(), names);
    });
  });

  describe('list', () => {
    it('shows name, created, last used and scope, and never a secret', async () => {
      const { store, dataDir } = await storeWithMemoryKeychain();
      const secret = await store.create('cursor', ALL_READ);
      await store.create('vscode', { workspaces: [dataDir], access: 'write' });
      await recordKeyUse(dataDir, 'cursor', Date.parse('2026-03-04T05:06:07.000Z'));
      const listed = await store.list();
      assert.deepEqual(
        listed.map(({ name, lastUsed, scope, inKeychain }) => ({
          name,
          lastUsed,
          scope,
          inKeychain,
        })),
        [
          {
            name: 'cursor',
            lastUsed: '2026-03-04T05:06:07.000Z',
            scope: ALL_READ,
            inKeychain: true,
          },
          {
            name: 'vscode',
            lastUsed: undefined,
            scope: { workspaces: [dataDir], access: 'write' },
            inKeychain: true,
          },
        ],
      );
      assert.equal(JSON.stringify(listed).includes(secret), false);
    });

    it('flags a key whose secret the keychain no longer has', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      keychain.entries.clear();
      assert.equal((await store.list())[0]?.inKeychain, false);
    });

    it('fails clearly when the keychain is locked', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      keychain.available = false;
      await assert.rejects(store.list(), (error) => isKeysError(error, 'keychain_unavailable'));
    });

    it('reports a damaged list instead of replacing it', async () => {
      const { store, dataDir } = await storeWithMemoryKeychain();
      await mkdir(dataDir, { recursive: true });
      await writeFile(keysFilePath(dataDir), 'not json');
      await assert.rejects(store.list(), (error) => isKeysError(error, 'corrupt_metadata'));
      await assert.rejects(store.create('a', ALL_READ), (error) =>
        isKeysError(error, 'corrupt_metadata'),
      );
      assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), 'not json');
    });
  });

  describe('rotate', () => {
    it('replaces the secret in the keychain and marks the list so servers reload', async () => {
      let now = Date.parse('2026-01-01T00:00:00.000Z');
      const { keychain, dataDir } = await storeWithMemoryKeychain();
      const store = new KeychainKeyStore({ dataDir, keychain, now: () => new Date(now) });
      const old = await store.create('cursor', ALL_READ);
      now += 3_600_000;
      const fresh = await store.rotate('cursor');
      assert.notEqual(fresh, old);
      assert.equal(isApiKeyShaped(fresh), true);
      assert.equal(keychain.entries.get('key:cursor'), fresh);
      const [record] = await readKeyRecords(dataDir);
      assert.equal(record?.created, '2026-01-01T00:00:00.000Z');
      assert.equal(record?.rotated, '2026-01-01T01:00:00.000Z');
      assert.deepEqual(record?.scope, ALL_READ);
    });

    it('refuses an unknown name', async () => {
      const { store } = await storeWithMemoryKeychain();
      await assert.rejects(
        store.rotate('nobody'),
        (error) => isKeysError(error, 'unknown_key') && /airlock keys list/.test(error.message),
      );
    });

    it('changes nothing when the keychain refuses', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      const old = await store.create('cursor', ALL_READ);
      const before = await readFile(keysFilePath(dataDir), 'utf8');
      keychain.available = false;
      await assert.rejects(store.rotate('cursor'), (error) =>
        isKeysError(error, 'keychain_unavailable'),
      );
      assert.equal(keychain.entries.get('key:cursor'), old);
      assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), before);
    });
  });

  describe('revoke', () => {
    it('removes the secret, the list entry and the last use', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      await store.create('vscode', ALL_READ);
      await recordKeyUse(dataDir, 'cursor');
      await store.revoke('cursor');
      assert.equal(keychain.entries.has('key:cursor'), false);
      assert.deepEqual(
        (await store.list()).map((key) => key.name),
        ['vscode'],
      );
      assert.equal(existsSync(path.join(dataDir, 'keys', 'used', keyFileName('cursor'))), false);
    });

    it('refuses a name that is neither listed nor in the keychain', async () => {
      const { store } = await storeWithMemoryKeychain();
      await assert.rejects(store.revoke('nobody'), (error) => isKeysError(error, 'unknown_key'));
    });

    it('removes a secret left in the keychain without a list entry', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      keychain.entries.set('key:orphan', 'alk_left_over');
      await store.revoke('orphan');
      assert.equal(keychain.entries.has('key:orphan'), false);
    });

    it('changes nothing when the keychain cannot be reached', async () => {
      const { store, keychain, dataDir } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      const before = await readFile(keysFilePath(dataDir), 'utf8');
      keychain.available = false;
      await assert.rejects(store.revoke('cursor'), (error) =>
        isKeysError(error, 'keychain_unavailable'),
      );
      assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), before);
    });

    it('still stops the key when only the keychain deletion fails, and says what to do', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      keychain.delete = async () => {
        throw new Error('denied');
      };
      await assert.rejects(
        store.revoke('cursor'),
        (error) =>
          isKeysError(error, 'partly_revoked') &&
          /no longer works/.test(error.message) &&
          /again/.test(error.message),
      );
      assert.deepEqual(await store.loadVerifierEntries(), []);
    });
  });

  describe('verifier entries', () => {
    it('are the digests and scopes of listed keys, from one keychain read', async () => {
      const { store, keychain } = await storeWithMemoryKeychain();
      await store.create('cursor', ALL_READ);
      keychain.entries.set('audit-mac-key', 'not an API key');
      keychain.entries.set('key:unlisted', 'alk_not_in_keys_json');
      keychain.calls.length = 0;
      const entries = await store.loadVerifierEntries();
      assert.deepEqual(keychain.calls, ['findAll']);
      assert.deepEqual(
        entries.map((entry) => [entry.name, entry.digest.length, entry.scope]),
        [['cursor', 32, ALL_READ]],
      );
    });
  });
});
