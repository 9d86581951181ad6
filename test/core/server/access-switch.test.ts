import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { AccessSwitch } from '../../../main/core/server/access-switch.ts';
import { createAirlockServer } from '../../../main/core/server/create-airlock-server.ts';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { makeContext, makeLayout, put } from '../fixtures.ts';

describe('the access switch', () => {
  it('tells listeners of each change, once', () => {
    const access = new AccessSwitch();
    const seen: boolean[] = [];
    access.onChange((paused) => seen.push(paused));
    access.pause();
    access.pause();
    access.resume();
    assert.deepEqual(seen, [true, false]);
  });

  it('makes every tool call fail with "paused in Airlock" until resumed', async () => {
    const layout = await makeLayout();
    await put(layout.ws, 'a.txt', 'hello');
    const context = await makeContext(layout.ws, layout.dataDir);
    const access = new AccessSwitch();
    const server = createAirlockServer(
      { ...context, log: createDiagnosticsLog({ stderr: false }), access },
      { transport: 'stdio' },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'spec', version: '0' });
    await client.connect(clientSide);
    access.pause();
    const refused = await client.callTool({ name: 'read_text_file', arguments: { path: 'a.txt' } });
    assert.equal(refused.isError, true);
    assert.match(JSON.stringify(refused.content), /paused in Airlock/);
    access.resume();
    const served = await client.callTool({ name: 'read_text_file', arguments: { path: 'a.txt' } });
    assert.notEqual(served.isError, true);
    await client.close();
  });
});
