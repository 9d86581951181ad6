import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { digestApiKey, generateApiKey } from '../../../main/core/keys/key-format.ts';
import {
  ApiKeyVerifier,
  digestsEqual,
  type VerifierEntry,
} from '../../../main/core/keys/key-verifier.ts';
import type { KeyScope } from '../../../main/core/keys/key-scope.ts';
import { envKeyFrom } from '../../../main/core/keys/env-key.ts';
import { storeWithMemoryKeychain } from './keys-fixture.ts';

const READ_ALL: KeyScope = { workspaces: 'all', access: 'read' };
const WRITE_NOTES: KeyScope = { workspaces: ['/home/me/Notes'], access: 'write' };

function entry(name: string, secret: string, scope: KeyScope = READ_ALL): VerifierEntry {
  return { name, digest: digestApiKey(secret), scope, issued: '2026-01-01T00:00:00.000Z' };
}

describe('API key verifier', () => {
  it('names the key and its scope for the right secret', () => {
    const cursor = generateApiKey();
    const vscode = generateApiKey();
    const verifier = new ApiKeyVerifier([
      entry('cursor', cursor),
      entry('vscode', vscode, WRITE_NOTES),
    ]);
    assert.deepEqual(verifier.verify(cursor), { name: 'cursor', scope: READ_ALL });
    assert.deepEqual(verifier.verify(vscode), { name: 'vscode', scope: WRITE_NOTES });
  });

  it('accepts nothing else: a wrong key, a near miss, an empty string, a digest', () => {
    const cursor = generateApiKey();
    const verifier = new ApiKeyVerifier([entry('cursor', cursor)]);
    for (const presented of [
      generateApiKey(),
      cursor.slice(0, -1),
      `${cursor} `,
      cursor.toUpperCase(),
      '',
      digestApiKey(cursor).toString('hex'),
    ]) {
      assert.equal(verifier.verify(presented), undefined, presented);
    }
  });

  it('accepts the MCP_API_KEY environment key with the scope the server gives it', () => {
    const envSecret = 'seed-tutorial-key';
    const verifier = new ApiKeyVerifier([], { envKey: { secret: envSecret, scope: WRITE_NOTES } });
    assert.deepEqual(verifier.verify(envSecret), { name: 'MCP_API_KEY', scope: WRITE_NOTES });
    assert.equal(verifier.verify('other'), undefined);
    assert.equal(verifier.hasKeys, true);
  });

  it('has no keys, and accepts nothing, with no entries and an empty environment key', () => {
    const verifier = new ApiKeyVerifier([], { envKey: { secret: '', scope: READ_ALL } });
    assert.equal(verifier.hasKeys, false);
    assert.equal(verifier.verify(''), undefined);
  });

  it('keeps the environment key when the keychain keys are replaced', () => {
    const cursor = generateApiKey();
    const verifier = new ApiKeyVerifier([entry('cursor', cursor)], {
      envKey: { secret: 'env-secret', scope: READ_ALL },
    });
    verifier.replaceEntries([]);
    assert.equal(verifier.verify(cursor), undefined);
    assert.equal(verifier.verify('env-secret')?.name, 'MCP_API_KEY');
  });

  it('stops accepting a revoked key once entries are reloaded from the store', async () => {
    const { store } = await storeWithMemoryKeychain();
    const cursor = await store.create('cursor', READ_ALL);
    const vscode = await store.create('vscode', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    assert.equal(verifier.verify(cursor)?.name, 'cursor');
    await store.revoke('cursor');
    verifier.replaceEntries(await store.loadVerifierEntries());
    assert.equal(verifier.verify(cursor), undefined);
    assert.equal(verifier.verify(vscode)?.name, 'vscode');
  });

  it('accepts only the new secret after a rotation', async () => {
    const { store } = await storeWithMemoryKeychain();
    const old = await store.create('cursor', READ_ALL);
    const fresh = await store.rotate('cursor');
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    assert.equal(verifier.verify(old), undefined);
    assert.equal(verifier.verify(fresh)?.name, 'cursor');
  });

  it('never asks the keychain while verifying', async () => {
    const { store, keychain } = await storeWithMemoryKeychain();
    const cursor = await store.create('cursor', READ_ALL);
    const verifier = new ApiKeyVerifier(await store.loadVerifierEntries());
    keychain.calls.length = 0;
    keychain.available = false;
    assert.equal(verifier.verify(cursor)?.name, 'cursor');
    assert.deepEqual(keychain.calls, []);
  });

  describe('constant-time comparison', () => {
    it('compares 32-byte digests with crypto.timingSafeEqual, against every key, with no early exit', (t) => {
      const secrets = [generateApiKey(), generateApiKey(), generateApiKey()];
      const verifier = new ApiKeyVerifier(
        secrets.map((secret, index) => entry(`k${index}`, secret)),
        {
          envKey: { secret: 'env-secret', scope: READ_ALL },
        },
      );
      const spy = t.mock.method(crypto, 'timingSafeEqual');
      // The first key matches: a loop that stopped there would compare once.
      assert.equal(verifier.verify(secrets[0] as string)?.name, 'k0');
      assert.equal(spy.mock.callCount(), 4, 'three keychain keys and the environment key');
      for (const call of spy.mock.calls) {
        const [a, b] = call.arguments as unknown as [Buffer, Buffer];
        assert.equal(a.length, 32);
        assert.equal(b.length, 32);
        assert.deepEqual(a, digestApiKey(secrets[0] as string), 'the presented key, hashed');
      }
      spy.mock.resetCalls();
      assert.equal(verifier.verify('wrong'), undefined);
      assert.equal(spy.mock.callCount(), 4);
    });

    it('decides by what timingSafeEqual answers', (t) => {
      const secret = generateApiKey();
      const verifier = new ApiKeyVerifier([entry('cursor', secret)]);
      t.mock.method(crypto, 'timingSafeEqual', () => false);
      assert.equal(verifier.verify(secret), undefined);
      t.mock.restoreAll();
      t.mock.method(crypto, 'timingSafeEqual', () => true);
      assert.equal(verifier.verify('anything')?.name, 'cursor');
    });

    it('refuses to compare anything but two 32-byte digests', () => {
      const digest = digestApiKey('x');
      assert.equal(digestsEqual(digest, digestApiKey('x')), true);
      assert.equal(digestsEqual(digest, digestApiKey('y')), false);
      assert.throws(() => digestsEqual(digest, digest.subarray(0, 31)));
      assert.throws(() => digestsEqual(Buffer.from('short'), Buffer.from('short')));
    });
  });
});

describe('the MCP_API_KEY environment key', () => {
  it('is absent when the variable is unset or empty', () => {
    assert.equal(envKeyFrom({}, true), undefined);
    assert.equal(envKeyFrom({ MCP_API_KEY: '' }, true), undefined);
  });

  it('reaches every workspace, and may change files only with --allow-write', () => {
    const secret = 'k'.repeat(32); // the shortest taken; see env-key.test.ts
    assert.deepEqual(envKeyFrom({ MCP_API_KEY: secret }, false), {
      secret,
      scope: { workspaces: 'all', access: 'read' },
    });
    assert.equal(envKeyFrom({ MCP_API_KEY: secret }, true)?.scope.access, 'write');
  });
});
