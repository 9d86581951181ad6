// Sessions on the loopback HTTP server: 2025-era sessions have unguessable ids, belong to
// the key that opened them, end on DELETE and expire when idle; 2026-era clients keep none.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import { LegacySessions, type LegacySession } from '../../../main/core/http/legacy-sessions.ts';
import {
  NOTE_NAME,
  NOTE_TEXT,
  startHttpAirlock,
  type HttpAirlock,
} from '../../helpers/http-airlock.ts';
import { assertServes, connectV2, resultText } from '../../helpers/http-clients.ts';
import {
  assertRefusedWith,
  initializeMessage,
  mcpHeaders,
  modernCall,
  openRawSession,
  rawCall,
  rawRequest,
  toolTextIn,
} from '../../helpers/http-raw.ts';

let airlock: HttpAirlock;
before(async () => {
  airlock = await startHttpAirlock({
    settings: { ratePerSecond: 10_000, rateBurst: 10_000, maxConcurrentPerKey: 256 },
  });
});
after(async () => {
  await airlock?.close();
});

function endSession(key: string, sessionId: string) {
  return rawRequest(airlock.port, { method: 'DELETE', headers: mcpHeaders(key, sessionId) });
}

describe('2025-era session ids', () => {
  it('are 256 random bits: 43 base64url characters, all different over 200 sessions', async () => {
    const ids = await Promise.all(
      Array.from({ length: 200 }, () => openRawSession(airlock.port, airlock.key)),
    );
    try {
      for (const id of ids) {
        assert.match(id, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(Buffer.from(id, 'base64url').length, 32, `${id} carries 32 bytes`);
      }
      assert.equal(new Set(ids).size, ids.length, 'no id repeats');
      // Random bits: over 200 ids every base64url character turns up, none dominates.
      const counts = new Map<string, number>();
      for (const char of ids.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
      assert.equal(counts.size, 64, 'every base64url character appears');
      const mostCommon = Math.max(...counts.values());
      assert.ok(mostCommon < (200 * 43 * 3) / 64, `no character dominates (${mostCommon})`);
    } finally {
      await Promise.all(ids.map((id) => endSession(airlock.key, id)));
    }
  });
});

describe('a 2025-era session', () => {
  it('answers only the key that opened it', async () => {
    const first = airlock.addKey({ name: 'first', access: 'read' });
    const second = airlock.addKey({ name: 'second', access: 'write' });
    const sessionId = await openRawSession(airlock.port, first);
    try {
      const mine = await rawCall(airlock.port, first, sessionId, 'read_text_file', {
        path: NOTE_NAME,
      });
      assert.equal(toolTextIn(mine), NOTE_TEXT);
      const theirs = await rawCall(airlock.port, second, sessionId, 'read_text_file', {
        path: NOTE_NAME,
      });
      assertRefusedWith(theirs, 404, 'the session presented with another key');
    } finally {
      await endSession(first, sessionId);
    }
  });

  it('ends on DELETE: its id is unknown afterwards', async () => {
    const sessionId = await openRawSession(airlock.port, airlock.key);
    const open = airlock.server.openSessions;
    const ended = await endSession(airlock.key, sessionId);
    assert.equal(ended.status, 200, ended.body);
    assert.equal(airlock.server.openSessions, open - 1);
    const after = await rawCall(airlock.port, airlock.key, sessionId, 'read_text_file', {
      path: NOTE_NAME,
    });
    assertRefusedWith(after, 404, 'a call in the ended session');
    assertRefusedWith(await endSession(airlock.key, sessionId), 404, 'a second DELETE');
  });

  it('is only started by an initialize request', async () => {
    const open = airlock.server.openSessions;
    const response = await rawRequest(airlock.port, {
      headers: mcpHeaders(airlock.key),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assertRefusedWith(response, 400, 'tools/list without a session');
    assert.equal(airlock.server.openSessions, open);
  });
});

describe('the stateless 2026-era path (SDK v2 client)', () => {
  it('serves calls without opening a session', async () => {
    const open = airlock.server.openSessions;
    const client = await connectV2(airlock.url, airlock.key, 'modern');
    try {
      for (let call = 0; call < 5; call += 1) {
        const read = await client.callTool({
          name: 'read_text_file',
          arguments: { path: NOTE_NAME },
        });
        assert.equal(resultText(read), NOTE_TEXT);
      }
      assert.equal(airlock.server.openSessions, open);
    } finally {
      await client.close();
    }
    const raw = await modernCall(airlock.port, airlock.key, 'read_text_file', { path: NOTE_NAME });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers['mcp-session-id'], undefined, 'no session id is handed out');
  });
});

describe('the session cap', () => {
  let capped: HttpAirlock;
  before(async () => {
    capped = await startHttpAirlock({ settings: { maxSessions: 2 } });
  });
  after(async () => {
    await capped?.close();
  });

  it('refuses a session past maxSessions with 503 and Retry-After, and still serves', async () => {
    const ids = [
      await openRawSession(capped.port, capped.key),
      await openRawSession(capped.port, capped.key),
    ];
    const third = await rawRequest(capped.port, {
      headers: mcpHeaders(capped.key),
      body: JSON.stringify(initializeMessage()),
    });
    assertRefusedWith(third, 503, 'a third session');
    assert.match(third.headers['retry-after'] ?? '', /^[1-9]\d*$/);
    // Stateless clients need no session and are served all the same.
    await assertServes(capped.url, capped.key, NOTE_NAME, NOTE_TEXT);
    for (const id of ids) {
      await rawRequest(capped.port, { method: 'DELETE', headers: mcpHeaders(capped.key, id) });
    }
    assert.equal(capped.server.openSessions, 0);
  });
});

describe('idle 2025-era sessions (LegacySessions on a fake clock)', () => {
  // The smallest idle setting is 10 s and the sweep runs every min(idle, 60 s), so on a
  // real clock expiry takes 10–20 s; a fake clock makes it instant.
  const IDLE_MS = 10_000;
  let sessions: LegacySessions | undefined;

  afterEach(async () => {
    await sessions?.closeAll();
    sessions = undefined;
    mock.timers.reset();
  });

  function fakeSession(id: string, keyName: string): LegacySession & { closed: () => number } {
    let closed = 0;
    const closable = {
      close: () => {
        closed += 1;
        return Promise.resolve();
      },
    };
    return {
      id,
      keyName,
      transport: closable as unknown as LegacySession['transport'],
      server: closable as unknown as LegacySession['server'],
      identity: undefined,
      openedAt: Date.now(),
      lastSeen: Date.now(),
      closed: () => closed,
    };
  }

  async function advance(ms: number): Promise<void> {
    mock.timers.tick(ms);
    await nextTurn();
  }

  it('closes a session once it has been idle for sessionIdleMs, within one sweep', async () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    sessions = new LegacySessions(IDLE_MS);
    const idle = fakeSession('idle', 'owner');
    sessions.add(idle);
    await advance(IDLE_MS - 1);
    assert.equal(sessions.size, 1, 'not yet idle for long enough');
    await advance(1 + Math.min(IDLE_MS, 60_000));
    assert.equal(sessions.size, 0, 'closed by the next sweep');
    assert.equal(sessions.find('idle', 'owner'), undefined);
    assert.equal(idle.closed(), 2, 'its transport and its server are closed');
  });

  it('keeps a session that is in use', async () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    sessions = new LegacySessions(IDLE_MS);
    const busy = fakeSession('busy', 'owner');
    sessions.add(busy);
    for (let step = 0; step < 10; step += 1) {
      await advance(IDLE_MS / 2);
      assert.ok(sessions.find('busy', 'owner'), `still open after ${(step + 1) * 5} s of use`);
    }
    assert.equal(busy.closed(), 0);
  });

  it('does not count a lookup with another key as use', async () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    sessions = new LegacySessions(IDLE_MS);
    sessions.add(fakeSession('mine', 'owner'));
    for (let step = 0; step < 5; step += 1) {
      await advance(IDLE_MS / 2);
      assert.equal(sessions.find('mine', 'intruder'), undefined);
    }
    assert.equal(sessions.size, 0, 'another key cannot keep a session alive');
  });
});
