// `airlock audit search` as a person types it at a terminal: the built CLI in its own
// process, over an audit log written by the real writer with known times.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import { cliEnv, runCli } from './run-keys-cli.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

const HOUR = 3_600_000;
let sandbox: Sandbox;
let now: number;
/** When each record was written, oldest first, and the path it was about. */
const written: { ago: number; path: string }[] = [
  { ago: 5 * 24 * HOUR, path: 'five-days.txt' },
  { ago: 30 * HOUR, path: 'thirty-hours.txt' },
  { ago: 3 * HOUR, path: 'three-hours.txt' },
  { ago: 60_000, path: 'a-minute.txt' },
];

before(async () => {
  sandbox = await makeSandbox();
  now = Date.now();
  const writer = AuditWriter.open(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), {
    ...DEFAULT_AUDIT_SETTINGS,
    fsync: 'never',
  });
  for (const entry of written) {
    writer.append(
      {
        event: 'tool_call',
        tool: 'read_text_file',
        outcome: 'ok',
        transport: 'stdio',
        args: { path: entry.path },
        paths: [path.join(sandbox.ws, entry.path)],
      },
      new Date(now - entry.ago),
    );
  }
  // Refused: the agent's path is outside every workspace, so no real path is recorded.
  writer.append({
    event: 'tool_call',
    tool: 'read_text_file',
    outcome: 'denied',
    transport: 'stdio',
    args: { path: '/etc/shadow' },
    reason: 'outside_workspace: That path is outside the folders Airlock shares.',
  });
  writer.close();
});
after(async () => {
  await sandbox?.cleanup();
});

const search = (...args: string[]) =>
  runCli(
    ['audit', 'search', '--data-dir', sandbox.dataDir, ...args],
    cliEnv({ HOME: sandbox.home, AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-audit-search' }),
  );

/** The paths named by the rows of a plain search, in its newest-first order. */
function pathsOf(stdout: string): string[] {
  return written.map((entry) => entry.path).filter((name) => stdout.includes(name));
}

function localMidnight(dayOffset: number): number {
  const today = new Date(now);
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() + dayOffset).getTime();
}

describe('airlock audit search --since and --until', () => {
  it('take a span back from now: 1h, 2d', async () => {
    const hour = await search('--since', '1h', '--outcome', 'ok');
    assert.equal(hour.code, 0, hour.stderr);
    assert.deepEqual(pathsOf(hour.stdout), ['a-minute.txt']);
    const days = await search('--since', '2d', '--until', '1h', '--outcome', 'ok');
    assert.equal(days.code, 0, days.stderr);
    assert.deepEqual(pathsOf(days.stdout), ['thirty-hours.txt', 'three-hours.txt']);
  });

  it('take today and yesterday, from local midnight', async () => {
    const expected = (from: number, to: number) =>
      written
        .filter((entry) => now - entry.ago >= from && now - entry.ago < to)
        .map((entry) => entry.path);
    const today = await search('--since', 'today', '--outcome', 'ok');
    assert.equal(today.code, 0, today.stderr);
    assert.deepEqual(pathsOf(today.stdout), expected(localMidnight(0), Infinity));
    const yesterday = await search('--since', 'yesterday', '--until', 'today', '--outcome', 'ok');
    assert.equal(yesterday.code, 0, yesterday.stderr);
    assert.deepEqual(pathsOf(yesterday.stdout), expected(localMidnight(-1), localMidnight(0)));
  });

  it('still take a time', async () => {
    const iso = new Date(now - 4 * HOUR).toISOString();
    const result = await search('--since', iso, '--outcome', 'ok');
    assert.deepEqual(pathsOf(result.stdout), ['three-hours.txt', 'a-minute.txt']);
  });

  it('refuse anything else with a usage error that shows what they take', async () => {
    const result = await search('--since', 'last tuesday');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--since/);
    assert.match(result.stderr, /1h, 2d/);
    assert.match(result.stderr, /yesterday/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('airlock audit search --export', () => {
  for (const format of ['jsonl', 'csv'] as const) {
    it(`keeps to --limit (${format})`, async () => {
      const result = await search('--export', format, '--limit', '2');
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.trimEnd().split(/\r?\n/);
      const records = format === 'csv' ? lines.length - 2 : lines.length - 1;
      assert.equal(records, 2);
      assert.match(lines.at(-1) as string, /records"?:? ?2/);
    });
  }
});

describe('airlock audit search, a refused call', () => {
  it('shows the path the agent asked for on the denied row', async () => {
    const result = await search('--outcome', 'denied');
    assert.equal(result.code, 0, result.stderr);
    const row = result.stdout.split('\n').find((line) => line.includes('\tdenied\t'));
    assert.ok(row, result.stdout);
    assert.match(row, /\/etc\/shadow/);
  });
});
