// undo_change over loopback HTTP. A 2026-era client keeps no session, so its changes are
// recorded under its key for the server's run: it can undo them from one request to the
// next, and another key cannot. A 2025-era client's session is its own.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHttpAirlock, type HttpAirlock } from '../../helpers/http-airlock.ts';
import { connectV2, resultText } from '../../helpers/http-clients.ts';

let airlock: HttpAirlock;
before(async () => {
  airlock = await startHttpAirlock();
});
after(async () => {
  await airlock?.close();
});

async function write(client: Awaited<ReturnType<typeof connectV2>>, name: string, text: string) {
  const result = await client.callTool({
    name: 'write_file',
    arguments: { path: name, content: text },
  });
  assert.notEqual(result.isError, true, resultText(result));
  return (result.structuredContent as { changeId: string }).changeId;
}

describe('undo_change over HTTP', () => {
  it('undoes a stateless client’s change in a later request, with the same key', async () => {
    const agent = await connectV2(airlock.url, airlock.key, 'modern');
    const file = path.join(airlock.sandbox.ws, 'http-undo.txt');
    const changeId = await write(agent, 'http-undo.txt', 'by the agent');
    const again = await connectV2(airlock.url, airlock.key, 'modern');
    const undone = await again.callTool({ name: 'undo_change', arguments: { changeId } });
    assert.notEqual(undone.isError, true, resultText(undone));
    await assert.rejects(readFile(file, 'utf8'), { code: 'ENOENT' });
    await Promise.all([agent.close(), again.close()]);
  });

  it('refuses the change of another key, and of a client in a 2025-era session', async () => {
    const owner = await connectV2(airlock.url, airlock.key, 'modern');
    const changeId = await write(owner, 'http-kept.txt', 'by the owner');
    const otherKey = airlock.addKey({ name: 'another-agent', access: 'write' });
    const intruder = await connectV2(airlock.url, otherKey, 'modern');
    const session = await connectV2(airlock.url, airlock.key, 'legacy');
    for (const caller of [intruder, session]) {
      const refused = await caller.callTool({ name: 'undo_change', arguments: { changeId } });
      assert.equal(refused.isError, true);
      assert.match(resultText(refused), /not made by you in this session/);
    }
    const file = path.join(airlock.sandbox.ws, 'http-kept.txt');
    assert.equal(await readFile(file, 'utf8'), 'by the owner');
    await Promise.all([owner.close(), intruder.close(), session.close()]);
  });
});
