import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokensMatch } from '../../../main/core/socket/bridge-token.ts';
import {
  checkHandshake,
  handshakeReply,
  WRONG_TOKEN_MESSAGE,
} from '../../../main/core/socket/handshake.ts';

const TOKEN = 'x'.repeat(43);
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('the bridge handshake', () => {
  it('accepts bridge/1 with the right token and names the client', () => {
    assert.deepEqual(
      checkHandshake(line({ airlock: 'bridge/1', token: TOKEN, client: 'Cursor' }), TOKEN),
      {
        ok: true,
        client: 'Cursor',
        protocol: 'bridge/1',
      },
    );
  });

  it("accepts approval/1, a standalone server asking the app for the person's OK", () => {
    assert.deepEqual(
      checkHandshake(line({ airlock: 'approval/1', token: TOKEN, client: 'Cursor' }), TOKEN),
      { ok: true, client: 'Cursor', protocol: 'approval/1' },
    );
  });

  it("refuses approval/1 with a wrong token, as a bridge's", () => {
    const verdict = checkHandshake(line({ airlock: 'approval/1', token: 'nope' }), TOKEN);
    assert.equal(!verdict.ok && verdict.reason, 'wrong bridge token');
  });

  it('calls a client that gave no name "unknown"', () => {
    assert.deepEqual(checkHandshake(line({ airlock: 'bridge/1', token: TOKEN }), TOKEN), {
      ok: true,
      client: 'unknown',
      protocol: 'bridge/1',
    });
  });

  it('shortens a long client name to 128 characters', () => {
    const verdict = checkHandshake(
      line({ airlock: 'bridge/1', token: TOKEN, client: 'n'.repeat(500) }),
      TOKEN,
    );
    assert.equal(verdict.ok && verdict.client.length, 128);
  });

  it('refuses a wrong token, a token of another length, and no token, with one message', () => {
    for (const token of [`${TOKEN.slice(1)}y`, 'short', '', 42]) {
      const verdict = checkHandshake(line({ airlock: 'bridge/1', token, client: 'c' }), TOKEN);
      assert.equal(verdict.ok, false, `token ${String(token)}`);
      assert.equal(!verdict.ok && verdict.message, WRONG_TOKEN_MESSAGE);
    }
  });

  it('refuses what is not JSON, not an object, or not a bridge handshake', () => {
    for (const text of [
      '',
      'hello',
      '[]',
      'null',
      line({ jsonrpc: '2.0', method: 'initialize' }),
    ]) {
      const verdict = checkHandshake(text, TOKEN);
      assert.equal(!verdict.ok && verdict.reason, 'malformed handshake', text);
    }
  });

  it('replies with one JSON line', () => {
    assert.equal(handshakeReply({ ok: true }), '{"ok":true}\n');
    assert.equal(handshakeReply({ ok: false, message: 'no' }), '{"ok":false,"error":"no"}\n');
  });

  it('compares tokens by content only', () => {
    assert.equal(tokensMatch(TOKEN, `${TOKEN}`), true);
    assert.equal(tokensMatch(TOKEN, TOKEN.toUpperCase()), false);
  });
});
