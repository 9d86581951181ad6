import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inAnotherProcess } from './child-process.ts';
import { storeWithMemoryKeychain } from './keys-fixture.ts';

describe('several processes changing keys at once', () => {
  it('lose none of each other’s keys', async () => {
    const { dataDir } = await storeWithMemoryKeychain();
    const makeKeys = (prefix: string) =>
      inAnotherProcess(
        `const store = new KeychainKeyStore({ dataDir: input.dataDir, keychain: new MemoryKeychain() });
         for (let i = 0; i < 6; i++) await store.create(input.prefix + i, { workspaces: 'all', access: 'read' });`,
        { dataDir, prefix },
      );
    await Promise.all([makeKeys('a'), makeKeys('b'), makeKeys('c')]);
    const names = JSON.parse(
      await inAnotherProcess(
        `process.stdout.write(JSON.stringify((await readKeyRecords(input.dataDir)).map((r) => r.name)));`,
        { dataDir },
      ),
    ) as string[];
    assert.equal(names.length, 18);
    assert.equal(new Set(names).size, 18);
  });
});
