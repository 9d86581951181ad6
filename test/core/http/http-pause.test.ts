// "Pause all access", the person's kill switch, over HTTP: while paused every request is
// refused with "paused in Airlock" and open sessions are dropped; resuming restores service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AirlockHttpServer } from '../../../main/core/http/http-server.ts';
import { DEFAULT_HTTP_SETTINGS } from '../../../main/core/settings/http-settings.ts';
import { AccessSwitch } from '../../../main/core/server/access-switch.ts';
import { NOTE_NAME, startHttpAirlock, type HttpAirlock } from '../../helpers/http-airlock.ts';
import { connectV1, connectV2, resultText } from '../../helpers/http-clients.ts';

let airlock: HttpAirlock;
let server: AirlockHttpServer;
let url: string;
const access = new AccessSwitch();

before(async () => {
  airlock = await startHttpAirlock();
  server = new AirlockHttpServer({
    core: { ...airlock.core, access },
    settings: { ...DEFAULT_HTTP_SETTINGS, port: 0 },
    host: '127.0.0.1',
    verifier: {
      verify: (presented) =>
        presented === airlock.key ? { name: 'owner', access: 'write' } : undefined,
    },
  });
  url = (await server.listen()).url;
});
after(async () => {
  await server?.close();
  await airlock?.close();
});

describe('pausing all access over HTTP', () => {
  it('refuses every request while paused, says why, and serves again after resuming', async () => {
    const client = await connectV2(url, airlock.key);
    assert.match(
      resultText(await client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } })),
      /airlock over http/,
    );
    access.pause();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${airlock.key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{}',
    });
    assert.equal(response.status, 503);
    assert.match(await response.text(), /paused in Airlock/);
    await assert.rejects(
      client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } }),
    );
    access.resume();
    assert.match(
      resultText(await client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } })),
      /airlock over http/,
    );
    await client.close();
  });

  it('drops open sessions the moment access is paused', async () => {
    const connection = await connectV1(url, airlock.key);
    assert.equal(server.openSessions, 1);
    access.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.openSessions, 0);
    access.resume();
    await connection.client.close();
  });
});
