// A flood of requests without a valid key is answered cheaply and cannot grow the audit log
// without bound: past a small budget it gets 429, and the next written record counts them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { startHttpAirlock, type HttpAirlock } from '../../helpers/http-airlock.ts';
import { initializeMessage, mcpHeaders, rawRequest } from '../../helpers/http-raw.ts';

let airlock: HttpAirlock;
before(async () => {
  airlock = await startHttpAirlock({ audit: true });
});
after(async () => {
  await airlock?.close();
});

async function authFailures(): Promise<AuditRecord[]> {
  const text = await readFile(airlock.auditFile as string, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.event === 'auth_failure');
}

describe('a flood of requests without a valid key', () => {
  it('is refused with 429 past a small budget, and writes a bounded number of records', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        rawRequest(airlock.port, {
          headers: { ...mcpHeaders(undefined), authorization: 'Bearer alk_wrong' },
          body: JSON.stringify(initializeMessage()),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    assert.ok(statuses.includes(401), 'the first ones are answered 401');
    assert.ok(statuses.includes(429), 'the flood is answered 429');
    const written = await authFailures();
    assert.ok(
      written.length < 100,
      `only ${written.length} of 200 failures were written one by one`,
    );
  });

  it('accounts for every refused request: written, or counted in the next record it writes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await rawRequest(airlock.port, {
      headers: mcpHeaders(undefined),
      body: JSON.stringify(initializeMessage()),
    });
    assert.equal(response.status, 401, 'the budget has room again, so this one is written');
    const written = await authFailures();
    const counted = written.map((record) => Number(record.detail?.suppressedSinceLast ?? 0));
    // The flood's 200 and this one. A slow flood may see its budget refill partway, so
    // the count may come in a record written during the flood rather than in this one.
    assert.equal(written.length + counted.reduce((sum, one) => sum + one, 0), 201);
    assert.ok(
      counted.some((one) => one > 0),
      'the 429s are counted in a record, not written one by one',
    );
  });

  it('still serves a valid key during the flood', async () => {
    const response = await rawRequest(airlock.port, {
      headers: mcpHeaders(airlock.key),
      body: JSON.stringify(initializeMessage()),
    });
    assert.equal(response.status, 200);
  });
});
