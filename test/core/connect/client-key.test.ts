// The key `airlock connect` gives an app that connects over HTTP: made once, named after
// the app and marked as made for it (so the window's Connections page may manage it too),
// then read back from the keychain on later runs.
import assert from 'node:assert/strict';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { obtainClientKey } from '../../../main/core/connect/client-key.ts';
import { readKeyRecords } from '../../../main/core/keys/key-metadata.ts';
import { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import { MemoryKeychain } from '../keys/memory-keychain.ts';

let dataDir: string;
before(async () => {
  dataDir = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-client-key-')));
});
after(async () => rm(dataDir, { recursive: true, force: true }));

describe('the key airlock connect makes for an app', () => {
  const keychain = new MemoryKeychain();
  const request = {
    name: 'cursor',
    scope: { workspaces: 'all', access: 'read' } as const,
    env: {},
    store: () => ({ store: new KeychainKeyStore({ dataDir, keychain }), keychain }),
  };

  it('is made once, named after the app and marked as made for it', async () => {
    const made = await obtainClientKey(request);
    assert.equal(made.source, 'created');
    const records = await readKeyRecords(dataDir);
    assert.deepEqual(
      records.map((record) => [record.name, record.madeFor]),
      [['cursor', 'cursor']],
    );
    assert.equal(keychain.entries.get('key:cursor'), made.secret);
  });

  it('is read back on the next run, unchanged', async () => {
    const again = await obtainClientKey(request);
    assert.equal(again.source, 'existing');
    assert.equal(again.secret, keychain.entries.get('key:cursor'));
    assert.equal((await readKeyRecords(dataDir)).length, 1);
  });
});
