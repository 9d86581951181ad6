// The keys `airlock connect` gives an HTTP app: the window's rules (client-key-handoff.ts)
// on the core keys service, with an in-memory keychain and the audit records it writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handKeyToClient } from '../../../../main/core/app/connections/client-key-handoff.ts';
import { storeClientKeys } from '../../../../main/core/app/connections/store-client-keys.ts';
import { readKeyRecords } from '../../../../main/core/keys/key-metadata.ts';
import { KeysService } from '../../../../main/core/keys/keys-service.ts';
import { storeWithMemoryKeychain } from '../../keys/keys-fixture.ts';

const ALL_READ = { workspaces: 'all', access: 'read' } as const;
const CURSOR = {
  client: 'cursor',
  appName: 'Cursor',
  workspaces: [],
  access: 'read',
  scope: ALL_READ,
  secretInFile: undefined,
  secretNeeded: true,
} as const;

async function fixture() {
  const { store, keychain, dataDir } = await storeWithMemoryKeychain();
  const recorded: string[] = [];
  const service = new KeysService({
    store,
    transport: 'cli',
    record: async ({ reason, detail }) => {
      recorded.push(`${reason ?? ''}: ${String(detail?.key)}`);
    },
    onRecordFailure: () => assert.fail('every record is written'),
  });
  const keys = storeClientKeys(service, store);
  return { store, keychain, dataDir, keys, recorded };
}

describe('the keys airlock connect gives an app', () => {
  it("leaves the person's own key of the app's name alone, and records the key it makes", async () => {
    const { store, keychain, dataDir, keys, recorded } = await fixture();
    const own = await store.create('cursor', ALL_READ);
    const { key } = await handKeyToClient(keys, CURSOR, async () => undefined);
    assert.equal(key.name, 'cursor-2');
    assert.equal(key.nameTaken, 'cursor');
    assert.equal(keychain.entries.get('key:cursor'), own);
    assert.deepEqual(
      (await readKeyRecords(dataDir)).map((record) => [record.name, record.madeFor]),
      [
        ['cursor', undefined],
        ['cursor-2', 'cursor'],
      ],
    );
    assert.deepEqual(recorded, ['API key created: cursor-2']);
  });

  it('keeps the key made for the app when the file holds its secret', async () => {
    const { keys } = await fixture();
    const first = await handKeyToClient(keys, CURSOR, async () => undefined);
    const again = await handKeyToClient(
      keys,
      { ...CURSOR, secretInFile: first.key.secret },
      async () => undefined,
    );
    assert.equal(again.key.source, 'kept');
    assert.equal(again.key.secret, first.key.secret);
  });

  it('revokes the key it made when the app could not be given it', async () => {
    const { dataDir, keys, recorded } = await fixture();
    await assert.rejects(
      handKeyToClient(keys, CURSOR, async () => {
        throw new Error('read-only file');
      }),
      /read-only file/,
    );
    assert.deepEqual(await readKeyRecords(dataDir), []);
    assert.deepEqual(recorded, ['API key created: cursor', 'API key revoked: cursor']);
  });
});
