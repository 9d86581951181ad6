import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  forgetKeyUse,
  readKeyLastUsed,
  recordKeyUse,
} from '../../../main/core/keys/key-last-used.ts';
import { tempDir } from './keys-fixture.ts';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');

describe('last use of a key', () => {
  it('is unknown until the key is used', async () => {
    assert.equal(await readKeyLastUsed(await tempDir(), 'cursor'), undefined);
  });

  it('is the time of the recorded use', async () => {
    const dataDir = await tempDir();
    assert.equal(await recordKeyUse(dataDir, 'cursor', T0), true);
    assert.equal(
      (await readKeyLastUsed(dataDir, 'cursor'))?.toISOString(),
      '2026-05-01T10:00:00.000Z',
    );
  });

  it('is written at most once a minute per key', async () => {
    const dataDir = await tempDir();
    await recordKeyUse(dataDir, 'cursor', T0);
    assert.equal(await recordKeyUse(dataDir, 'cursor', T0 + 59_000), false);
    assert.equal((await readKeyLastUsed(dataDir, 'cursor'))?.getTime(), T0);
    assert.equal(await recordKeyUse(dataDir, 'other', T0 + 59_000), true, 'each key on its own');
    assert.equal(await recordKeyUse(dataDir, 'cursor', T0 + 60_000), true);
    assert.equal((await readKeyLastUsed(dataDir, 'cursor'))?.getTime(), T0 + 60_000);
  });

  it('keeps names that differ only in case apart', async () => {
    const dataDir = await tempDir();
    await recordKeyUse(dataDir, 'Work', T0);
    assert.equal(await readKeyLastUsed(dataDir, 'work'), undefined);
  });

  it('is forgotten when the key is', async () => {
    const dataDir = await tempDir();
    await recordKeyUse(dataDir, 'cursor', T0);
    await forgetKeyUse(dataDir, 'cursor');
    assert.equal(await readKeyLastUsed(dataDir, 'cursor'), undefined);
    assert.equal(await recordKeyUse(dataDir, 'cursor', T0 + 1000), true, 'and recorded afresh');
  });
});
