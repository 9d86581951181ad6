// The audit trail of the HTTP transport, in a real hash-chained log: every refused key is
// an auth_failure record, every call a tool_call record with the key's name, and the key
// itself is never written.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import {
  AUDIT_MAC_KEY,
  NOTE_NAME,
  NOTE_TEXT,
  newKey,
  startHttpAirlock,
  type HttpAirlock,
} from '../../helpers/http-airlock.ts';
import { connectV1, connectV2, resultText } from '../../helpers/http-clients.ts';
import {
  initializeMessage,
  mcpHeaders,
  modernCall,
  openRawSession,
  rawCall,
  rawRequest,
} from '../../helpers/http-raw.ts';

let airlock: HttpAirlock;
/** Every key and secret-looking value sent to the server in this file. */
const presented: string[] = [];

before(async () => {
  airlock = await startHttpAirlock({ audit: true });
  presented.push(airlock.key);
});
after(async () => {
  await airlock?.close();
});

async function records(): Promise<AuditRecord[]> {
  const file = airlock.auditFile;
  assert.ok(file, 'the fixture keeps an audit log');
  // The file is created with its first record.
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** The records written while `action` ran. */
async function recordedDuring(action: () => Promise<unknown>): Promise<AuditRecord[]> {
  const before = (await records()).length;
  await action();
  return (await records()).slice(before);
}

function sendInitialize(authorization: string | undefined) {
  const headers = mcpHeaders(undefined);
  if (authorization !== undefined) headers.authorization = authorization;
  return rawRequest(airlock.port, { headers, body: JSON.stringify(initializeMessage()) });
}

function assertAuthFailure(written: AuditRecord[], what: string): void {
  assert.equal(written.length, 1, `${what}: exactly one record`);
  const [record] = written;
  assert.equal(record?.event, 'auth_failure', what);
  assert.equal(record?.transport, 'http', what);
  assert.equal(record?.outcome, 'denied', what);
  assert.equal(record?.keyName, undefined, `${what}: no key name for an unknown key`);
}

describe('auth failures', () => {
  it('records a request with no key', async () => {
    let status = 0;
    const written = await recordedDuring(async () => {
      status = (await sendInitialize(undefined)).status;
    });
    assert.equal(status, 401);
    assertAuthFailure(written, 'no key');
  });

  it('records a wrong key, and not the key', async () => {
    const wrong = newKey();
    presented.push(wrong);
    const written = await recordedDuring(() => sendInitialize(`Bearer ${wrong}`));
    assertAuthFailure(written, 'wrong key');
  });

  it('records a malformed Authorization header, and not its value', async () => {
    const secretish = 'hunter2-correct-horse-battery';
    presented.push(secretish);
    const written = await recordedDuring(async () => {
      await sendInitialize(`Basic ${secretish}`);
      await sendInitialize(`Bearer ${secretish}`);
    });
    assert.equal(written.length, 2);
    for (const record of written) assertAuthFailure([record], 'malformed header');
  });

  it('records a revoked key, and not the key', async () => {
    const revoked = airlock.addKey({ name: 'revoked-key', access: 'read' });
    presented.push(revoked);
    await airlock.revoke(revoked);
    const written = await recordedDuring(() => sendInitialize(`Bearer ${revoked}`));
    assertAuthFailure(written, 'revoked key');
  });

  it('records a refused call in an open session once its key is revoked', async () => {
    const leaving = airlock.addKey({ name: 'leaving', access: 'read' });
    presented.push(leaving);
    const sessionId = await openRawSession(airlock.port, leaving);
    await airlock.revoke(leaving);
    const written = await recordedDuring(() =>
      rawCall(airlock.port, leaving, sessionId, 'read_text_file', { path: NOTE_NAME }),
    );
    assertAuthFailure(written, 'revoked key in its old session');
  });
});

describe('tool calls', () => {
  it('records every call, from every client, with transport http and the key name', async () => {
    const reader = airlock.addKey({ name: 'reader', access: 'read' });
    presented.push(reader);
    let calls = 0;
    const written = await recordedDuring(async () => {
      const modern = await connectV2(airlock.url, airlock.key, 'modern');
      const legacy = await connectV2(airlock.url, reader, 'legacy');
      const v1 = await connectV1(airlock.url, airlock.key);
      try {
        for (let round = 0; round < 3; round += 1) {
          const modernRead = await modern.callTool({
            name: 'read_text_file',
            arguments: { path: NOTE_NAME },
          });
          assert.equal(resultText(modernRead), NOTE_TEXT);
          await legacy.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } });
          await v1.client.callTool({ name: 'list_allowed_directories', arguments: {} });
          calls += 3;
        }
        const refused = await modern.callTool({
          name: 'read_text_file',
          arguments: { path: airlock.sandbox.secretFile },
        });
        assert.equal(refused.isError, true);
        calls += 1;
        const raw = await modernCall(airlock.port, reader, 'read_text_file', { path: NOTE_NAME });
        assert.equal(raw.status, 200);
        calls += 1;
      } finally {
        await modern.close();
        await legacy.close();
        await v1.transport.terminateSession();
        await v1.client.close();
      }
    });
    const toolCalls = written.filter((record) => record.event === 'tool_call');
    assert.equal(toolCalls.length, calls, 'exactly one tool_call record per call');
    assert.equal(written.length, calls, 'and nothing else');
    for (const record of toolCalls) {
      assert.equal(record.transport, 'http');
      assert.ok(record.keyName === 'owner' || record.keyName === 'reader', record.keyName);
    }
    assert.equal(toolCalls.filter((record) => record.keyName === 'reader').length, 4);
    const denied = toolCalls.filter((record) => record.outcome === 'denied');
    assert.equal(denied.length, 1, 'the refused call is recorded as denied');
    assert.equal(denied[0]?.keyName, 'owner');
  });
});

describe('the audit file', () => {
  it('never contains a key or an Authorization value that was presented', async () => {
    const text = await readFile(airlock.auditFile ?? '', 'utf8');
    assert.ok(presented.length >= 6, 'the suite presented its keys first');
    for (const secret of presented) {
      assert.ok(!text.includes(secret), `the audit file contains ${secret.slice(0, 8)}…`);
    }
    assert.doesNotMatch(text, /alk_[A-Za-z0-9_-]{20,}/, 'no Airlock key of any kind');
  });

  it('holds a chain that verifies', async () => {
    const report = await verifyAuditLog(airlock.auditFile ?? '', AUDIT_MAC_KEY);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.records, (await records()).length);
  });
});
