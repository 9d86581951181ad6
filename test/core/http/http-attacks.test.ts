// Attacks on the loopback HTTP server, sent as raw node:http requests (fetch cannot set
// Host). After each one, a real client must still be served: the attack cost nothing.
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { AirlockHttpServer } from '../../../main/core/http/http-server.ts';
import {
  NOTE_NAME,
  NOTE_TEXT,
  newKey,
  startHttpAirlock,
  type HttpAirlock,
} from '../../helpers/http-airlock.ts';
import { assertServes, connectV1 } from '../../helpers/http-clients.ts';
import {
  assertNoCors,
  assertRefusedWith,
  callMessage,
  initializeMessage,
  mcpHeaders,
  modernCall,
  openRawSession,
  rawCall,
  rawRequest,
  toolTextIn,
  type RawResponse,
} from '../../helpers/http-raw.ts';
import { HttpSettingsSchema } from '../../../preload/contract/http-settings-schema.ts';

const HEADERS_TIMEOUT_MS = 1500;
const REQUEST_TIMEOUT_MS = 3000;
/** How long past its timeout a slow connection may live: the check is not instant. */
const TIMEOUT_SLACK_MS = 2500;

let airlock: HttpAirlock;
before(async () => {
  airlock = await startHttpAirlock({
    settings: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      // The liveness checks and the attacks share one key here; floods have their own server.
      ratePerSecond: 10_000,
      rateBurst: 10_000,
    },
  });
});
after(async () => {
  await airlock?.close();
});

/** A valid request that must still be served after each attack. */
async function stillServes(): Promise<void> {
  await assertServes(airlock.url, airlock.key, NOTE_NAME, NOTE_TEXT);
}

/** A stateless call with a valid key and the given extra headers (Host, Origin, ...). */
function validCall(headers: Record<string, string> = {}): Promise<RawResponse> {
  return modernCall(airlock.port, airlock.key, 'read_text_file', { path: NOTE_NAME }, headers);
}

describe('bearer key', () => {
  afterEach(stillServes);

  const initialize = JSON.stringify(initializeMessage());

  async function withAuthorization(authorization: string | undefined): Promise<RawResponse> {
    const headers = mcpHeaders(undefined);
    if (authorization !== undefined) headers.authorization = authorization;
    return rawRequest(airlock.port, { headers, body: initialize });
  }

  function assertUnauthorized(response: RawResponse, what: string): void {
    assertRefusedWith(response, 401, what);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="airlock"', what);
    assert.equal(response.headers['mcp-session-id'], undefined, `${what}: no session`);
  }

  it('refuses a request with no key: 401 with WWW-Authenticate', async () => {
    assertUnauthorized(await withAuthorization(undefined), 'no key');
  });

  it('refuses a wrong key exactly as it refuses a missing one, with no detail', async () => {
    const missing = await withAuthorization(undefined);
    const wrong = await withAuthorization(`Bearer ${newKey()}`);
    assertUnauthorized(wrong, 'wrong key');
    assert.equal(wrong.body, missing.body, 'the body does not say what was wrong');
    assert.doesNotMatch(wrong.body, /revok|expir|unknown|invalid|wrong|mismatch|alk_/i);
  });

  it('refuses malformed Authorization headers', async () => {
    const malformed = [
      `Basic ${Buffer.from(`user:${airlock.key}`).toString('base64')}`,
      'Bearer',
      'Bearer ',
      `Bearer ${'a'.repeat(600)}`,
      `Bearer ${airlock.key}, Bearer ${airlock.key}`,
      `Token ${airlock.key}`,
      airlock.key,
    ];
    for (const header of malformed) {
      assertUnauthorized(await withAuthorization(header), `Authorization: ${header.slice(0, 30)}`);
    }
  });

  it('does not take a key from the URL', async () => {
    for (const query of [`?key=${airlock.key}`, `?access_token=${airlock.key}`]) {
      const response = await rawRequest(airlock.port, {
        path: `/mcp${query}`,
        headers: mcpHeaders(undefined),
        body: initialize,
      });
      assertUnauthorized(response, `key in ${query.split('=')[0]}`);
    }
  });

  it('refuses a revoked key at once and drops the sessions it opened', async () => {
    const leaving = airlock.addKey({ name: 'leaving', access: 'read' });
    const { client, transport } = await connectV1(airlock.url, leaving);
    const sessionId = transport.sessionId;
    assert.ok(sessionId, 'the v1 client holds a session');
    try {
      const before = airlock.server.openSessions;
      assert.equal(await airlock.revoke(leaving), 1, 'one session of that key is closed');
      assert.equal(airlock.server.openSessions, before - 1);
      await assert.rejects(
        client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } }),
        'the open session no longer serves the revoked key',
      );
      const refused = await rawCall(airlock.port, leaving, sessionId, 'read_text_file', {
        path: NOTE_NAME,
      });
      assertUnauthorized(refused, 'revoked key');
      assert.equal(refused.body, (await withAuthorization(undefined)).body);
      // Were the key accepted again, its old session would still be gone.
      airlock.keys.set(leaving, { name: 'leaving', access: 'read' });
      const reopened = await rawCall(airlock.port, leaving, sessionId, 'read_text_file', {
        path: NOTE_NAME,
      });
      assertRefusedWith(reopened, 404, 'the dropped session');
    } finally {
      airlock.keys.delete(leaving);
      await client.close();
    }
  });

  it('keeps serving when a key is revoked while one of its calls is still waiting', async () => {
    // A client that offers roots is asked for them when its session starts, and its calls
    // wait for the answer. Revoking the key then closes the session under a waiting call.
    const leaving = airlock.addKey({ name: 'leaving-mid-call', access: 'read' });
    const transport = new V1Transport(new URL(airlock.url), {
      requestInit: { headers: { Authorization: `Bearer ${leaving}` } },
    });
    const client = new V1Client(
      { name: 'slow-roots', version: '0.0.0' },
      { capabilities: { roots: { listChanged: true } } },
    );
    client.setRequestHandler(ListRootsRequestSchema, async () => {
      await sleep(2_000);
      return { roots: [] };
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await client.connect(transport);
      const call = client
        .callTool(
          { name: 'read_text_file', arguments: { path: airlock.sandbox.secretFile } },
          undefined,
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      await sleep(300);
      await airlock.revoke(leaving);
      await Promise.race([call, sleep(1_000)]);
      await sleep(200);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await client.close();
    }
    assert.deepEqual(
      unhandled.map((reason) => String(reason)),
      [],
      'no call left behind rejects unhandled (in the CLI that ends the process)',
    );
  });
});

describe('Host header (DNS rebinding)', () => {
  afterEach(stillServes);

  it('serves its own loopback names with its port', async () => {
    for (const host of [`127.0.0.1:${airlock.port}`, `localhost:${airlock.port}`]) {
      const response = await validCall({ host });
      assert.equal(response.status, 200, `Host ${host}: ${response.body.slice(0, 200)}`);
      assert.equal(toolTextIn(response), NOTE_TEXT);
    }
  });

  it('refuses foreign names, even with a valid key and our port', async () => {
    const port = airlock.port;
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      'localhost.evil.example',
      `localhost.evil.example:${port}`,
      '127.0.0.1.nip.io',
      `127.0.0.1.nip.io:${port}`,
      `localhost.:${port}`,
      `127.0.0.2:${port}`,
      `0.0.0.0:${port}`,
    ];
    for (const host of hosts) {
      const response = await validCall({ host });
      assertRefusedWith(response, 403, `Host ${host}`);
      assert.equal(toolTextIn(response), undefined, `Host ${host}: nothing is read`);
    }
  });

  it('refuses a loopback name with the wrong port, or none', async () => {
    const wrong = airlock.port === 65535 ? airlock.port - 1 : airlock.port + 1;
    for (const host of [`127.0.0.1:${wrong}`, `localhost:${wrong}`, '127.0.0.1', 'localhost']) {
      assertRefusedWith(await validCall({ host }), 403, `Host ${host}`);
    }
  });

  it('refuses a foreign Host on every path, not only /mcp', async () => {
    // A rebinding page can read whatever a foreign-Host request gets back: even a 404
    // that names the product tells it what is listening.
    for (const target of ['/', '/favicon.ico', '/mcp/']) {
      const response = await rawRequest(airlock.port, {
        method: 'GET',
        path: target,
        headers: { host: `evil.example:${airlock.port}` },
      });
      assertRefusedWith(response, 403, `GET ${target} with Host evil.example`);
    }
  });
});

describe('Origin header (a web page in the browser)', () => {
  afterEach(stillServes);

  it('serves a loopback origin', async () => {
    const response = await validCall({ origin: `http://127.0.0.1:${airlock.port}` });
    assert.equal(response.status, 200, response.body.slice(0, 200));
    assertNoCors(response, 'a loopback origin');
  });

  it('refuses foreign and opaque origins, even with a valid key', async () => {
    const origins = [
      'https://evil.example',
      'null',
      'http://127.0.0.1.nip.io',
      `http://localhost.evil.example:${airlock.port}`,
      'file://',
      'chrome-extension://abcdefghijklmnop',
    ];
    for (const origin of origins) {
      const response = await validCall({ origin });
      assertRefusedWith(response, 403, `Origin ${origin}`);
      assert.equal(toolTextIn(response), undefined, `Origin ${origin}: nothing is read`);
    }
  });
});

describe('CORS', () => {
  afterEach(stillServes);

  it('refuses OPTIONS preflights without any Access-Control-* header', async () => {
    const origins = ['https://evil.example', `http://localhost:${airlock.port}`];
    for (const origin of origins) {
      const response = await rawRequest(airlock.port, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, mcp-session-id',
        },
      });
      assert.ok(
        response.status >= 400 && response.status < 500,
        `preflight from ${origin} refused (${response.status})`,
      );
      assertNoCors(response, `preflight from ${origin}`);
    }
  });

  it('sends no Access-Control-* header on a served request either', async () => {
    const response = await validCall({ origin: `http://localhost:${airlock.port}` });
    assert.equal(response.status, 200);
    assertNoCors(response, 'a served request');
  });
});

/** A JSON-looking body of `total` bytes, produced as it is read and never held whole. */
function hugeBody(total: number): Readable {
  const prefix = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"p":"');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      const piece =
        produced === 0 ? prefix : chunk.subarray(0, Math.min(chunk.length, total - produced));
      produced += piece.length;
      this.push(piece);
    },
  });
}

describe('request bodies', () => {
  afterEach(stillServes);

  const HUNDRED_MB = 100 * 1024 * 1024;

  for (const framing of ['Content-Length', 'chunked'] as const) {
    it(`refuses a 100 MB body (${framing}) with 413 without holding it in memory`, async () => {
      const rssBefore = process.memoryUsage().rss;
      const body = hugeBody(HUNDRED_MB);
      // Keep-alive, as real clients send: on a `Connection: close` request Node hangs up
      // right after the 413, and a client still writing sees EPIPE before reading it.
      const headers = { ...mcpHeaders(airlock.key), connection: 'keep-alive' };
      if (framing === 'Content-Length') headers['content-length'] = String(HUNDRED_MB);
      const response = await rawRequest(airlock.port, {
        headers,
        body,
        timeoutMs: 30_000,
      });
      assertRefusedWith(response, 413, `100 MB body, ${framing}`);
      const grewMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
      assert.ok(grewMb < 60, `memory grew by ${grewMb.toFixed(0)} MB for a 100 MB body`);
    });
  }

  it('refuses a batch of 10,000 messages, running none of them', async () => {
    const batch = Array.from({ length: 10_000 }, (_, index) =>
      callMessage(index + 1, 'read_text_file', { path: NOTE_NAME }),
    );
    const response = await rawRequest(airlock.port, {
      headers: mcpHeaders(airlock.key),
      body: JSON.stringify(batch),
    });
    assertRefusedWith(response, 400, 'a batch of 10,000');
    assert.ok(!response.body.includes('airlock over http'), 'no call ran');
  });

  it('refuses malformed JSON with 400', async () => {
    const bodies = ['{', '{"jsonrpc":"2.0","id":1,', 'not json', '', '\u0000', '{"a":1}}'];
    for (const body of bodies) {
      const response = await rawRequest(airlock.port, { headers: mcpHeaders(airlock.key), body });
      assertRefusedWith(response, 400, `body ${JSON.stringify(body)}`);
    }
  });

  it('refuses content types other than application/json with 415', async () => {
    const body = JSON.stringify(initializeMessage());
    const types = [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
      'application/jsonx',
      undefined,
    ];
    for (const type of types) {
      const headers = mcpHeaders(airlock.key);
      if (type === undefined) delete headers['content-type'];
      else headers['content-type'] = type;
      const response = await rawRequest(airlock.port, { headers, body });
      assertRefusedWith(response, 415, `Content-Type ${String(type)}`);
      assert.equal(response.headers['mcp-session-id'], undefined, `${String(type)}: no session`);
    }
  });
});

/** Opens a connection and sends `text` one byte every `everyMs`; reports when it closed. */
/** Every slow connection a test opened, so none outlives the file if a test fails early. */
const dribbling = new Set<Socket>();
after(() => dribbling.forEach((socket) => socket.destroy()));

function dribble(
  port: number,
  text: string,
  everyMs: number,
): { socket: Socket; closed: Promise<number>; received: () => string } {
  const socket = connect(port, '127.0.0.1');
  dribbling.add(socket);
  const started = performance.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  // A byte sent after the server hung up draws a reset, and the socket then fails with
  // ECONNRESET before it closes: that is the server closing it too, not a failure.
  socket.on('error', () => undefined);
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= text.length) return;
    socket.write(text[sent] ?? '');
    sent += 1;
  }, everyMs).unref();
  // Not events.once(socket, 'close'): that rejects on the 'error' that may come first.
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(performance.now() - started);
    }),
  );
  return { socket, closed, received: () => received };
}

/** Waits for a dribbling connection to be closed by the server, or gives up at `limitMs`. */
async function closedWithin(
  connection: ReturnType<typeof dribble>,
  limitMs: number,
): Promise<number | undefined> {
  const closedAfter = await Promise.race([connection.closed, sleep(limitMs).then(() => undefined)]);
  if (closedAfter === undefined) connection.socket.destroy();
  return closedAfter;
}

describe('slow clients', () => {
  afterEach(stillServes);

  it('closes a connection whose headers dribble in byte by byte, serving others meanwhile', async () => {
    const headers = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${airlock.port}\r\nX-Slow: ${'a'.repeat(5000)}\r\n\r\n`;
    const slow = dribble(airlock.port, headers, 20);
    await sleep(200);
    await stillServes();
    const closedAfter = await closedWithin(slow, HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS);
    assert.ok(
      closedAfter !== undefined,
      `the connection is still open ${HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS} ms later (headersTimeoutMs ${HEADERS_TIMEOUT_MS})`,
    );
    assert.ok(closedAfter >= HEADERS_TIMEOUT_MS - 100, `closed after ${closedAfter} ms`);
  });

  it('closes a connection whose body trickles in byte by byte', async () => {
    const body = JSON.stringify(initializeMessage()).padEnd(2000, ' ');
    const head =
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${airlock.port}\r\n` +
      `Authorization: Bearer ${airlock.key}\r\nContent-Type: application/json\r\n` +
      `Accept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = dribble(airlock.port, '', 1);
    slow.socket.write(head);
    const trickle = setInterval(() => slow.socket.destroyed || slow.socket.write(' '), 100);
    try {
      const closedAfter = await closedWithin(slow, REQUEST_TIMEOUT_MS + TIMEOUT_SLACK_MS);
      assert.ok(
        closedAfter !== undefined,
        `the connection is still open ${REQUEST_TIMEOUT_MS + TIMEOUT_SLACK_MS} ms later (requestTimeoutMs ${REQUEST_TIMEOUT_MS})`,
      );
    } finally {
      clearInterval(trickle);
    }
  });

  it('starts with any header and request timeouts its settings accept', async () => {
    // Node refuses a headers timeout longer than the request timeout. The settings must
    // either refuse that pair (a clear settings error) or the server must cope with it.
    const parsed = HttpSettingsSchema.safeParse({
      port: 0,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 5_000,
    });
    if (!parsed.success) return;
    let server: AirlockHttpServer | undefined;
    try {
      server = new AirlockHttpServer({
        core: airlock.core,
        settings: parsed.data,
        host: '127.0.0.1',
        verifier: { verify: () => undefined },
      });
      await server.listen();
    } finally {
      await server?.close();
    }
  });
});

describe("another key's session", () => {
  afterEach(stillServes);

  it('is refused exactly like a session that does not exist, and leaks nothing', async () => {
    const owner = airlock.addKey({ name: 'session-owner', access: 'read' });
    const intruder = airlock.addKey({ name: 'intruder', access: 'read' });
    const sessionId = await openRawSession(airlock.port, owner);
    const unknownId = Buffer.alloc(32, 1).toString('base64url');
    const stolen = await rawCall(airlock.port, intruder, sessionId, 'read_text_file', {
      path: NOTE_NAME,
    });
    const unknown = await rawCall(airlock.port, intruder, unknownId, 'read_text_file', {
      path: NOTE_NAME,
    });
    assertRefusedWith(stolen, 404, "another key's session id");
    assert.equal(stolen.body, unknown.body, 'indistinguishable from an unknown session');
    assert.ok(!stolen.body.includes('airlock over http'), 'no file content');
    for (const method of ['GET', 'DELETE']) {
      const response = await rawRequest(airlock.port, {
        method,
        headers: { ...mcpHeaders(intruder, sessionId), accept: 'text/event-stream' },
      });
      assertRefusedWith(response, 404, `${method} with another key's session id`);
    }
    // The owner's session survived the intruder's DELETE.
    const mine = await rawCall(airlock.port, owner, sessionId, 'read_text_file', {
      path: NOTE_NAME,
    });
    assert.equal(mine.status, 200, mine.body.slice(0, 200));
    assert.equal(toolTextIn(mine), NOTE_TEXT);
  });
});

describe('floods', () => {
  let limited: HttpAirlock;
  before(async () => {
    limited = await startHttpAirlock({
      settings: { ratePerSecond: 1, rateBurst: 5, maxConcurrentPerKey: 2 },
    });
  });
  after(async () => {
    await limited?.close();
  });
  afterEach(async () => {
    await assertServes(limited.url, limited.key, NOTE_NAME, NOTE_TEXT);
  });

  it('answers a flood from one key with 429 and Retry-After, and only that key', async () => {
    const flooder = limited.addKey({ name: 'flooder', access: 'read' });
    const flood = await Promise.all(
      Array.from({ length: 20 }, () =>
        modernCall(limited.port, flooder, 'read_text_file', { path: NOTE_NAME }),
      ),
    );
    const served = flood.filter((response) => response.status === 200);
    const limitedResponses = flood.filter((response) => response.status === 429);
    assert.ok(served.length >= 1 && served.length <= 6, `${served.length} served within the burst`);
    assert.equal(served.length + limitedResponses.length, 20, 'every other request got 429');
    for (const response of limitedResponses) {
      assertNoCors(response, '429');
      const retryAfter = response.headers['retry-after'];
      assert.match(retryAfter ?? '', /^[1-9]\d*$/, 'Retry-After in whole seconds');
      assert.equal(toolTextIn(response), undefined);
    }
    // Another key is not slowed down by the flood.
    await assertServes(limited.url, limited.key, NOTE_NAME, NOTE_TEXT);
    // The flooder is served again once it waits as told.
    await sleep(Number(limitedResponses[0]?.headers['retry-after'] ?? 1) * 1000 + 100);
    const later = await modernCall(limited.port, flooder, 'read_text_file', { path: NOTE_NAME });
    assert.equal(later.status, 200, later.body.slice(0, 200));
  });

  it('refuses a request over the per-key concurrency cap with 429', async () => {
    const busy = limited.addKey({ name: 'busy', access: 'read' });
    const body = JSON.stringify(initializeMessage()).padEnd(1000, ' ');
    // Two requests whose bodies never finish hold the key's two slots.
    const held = [0, 1].map(() => {
      const socket = connect(limited.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${limited.port}\r\n` +
          `Authorization: Bearer ${busy}\r\nContent-Type: application/json\r\n` +
          `Accept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\n\r\n` +
          body.slice(0, 10),
      );
      return socket;
    });
    try {
      await sleep(200);
      const third = await modernCall(limited.port, busy, 'read_text_file', { path: NOTE_NAME });
      assertRefusedWith(third, 429, 'a third request in flight');
      assert.match(third.headers['retry-after'] ?? '', /^[1-9]\d*$/);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await sleep(100);
    const freed = await modernCall(limited.port, busy, 'read_text_file', { path: NOTE_NAME });
    assert.equal(freed.status, 200, `slots are given back: ${freed.body.slice(0, 200)}`);
  });
});
