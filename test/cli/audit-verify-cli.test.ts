// `airlock audit verify` never says "intact" when it cannot know: a path with no log is an
// error, a deleted log fails against the keychain's anchor, a log written partly without the
// keychain is described as it is, and without a keychain it says what cannot be detected.
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAuditKey } from '../../main/core/audit/audit-key.ts';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { appendRun } from '../core/audit/audit-fixture.ts';
import { testKeychain } from '../helpers/system-keychain-fixture.ts';
import { cliEnv, runCli } from './run-keys-cli.ts';

const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-verify-cli-')));
after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
function freshLog(): string {
  return path.join(root, `log-${++dirs}`, 'audit.jsonl');
}

/** A bus that is not there: the keychain fails at once, as on a machine without one. */
const noKeychain = cliEnv({
  AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-verify-none',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
});

function verify(file: string, env: NodeJS.ProcessEnv) {
  return runCli(['audit', 'verify', '--audit-log', file], env);
}

describe('airlock audit verify without a keychain', () => {
  it('refuses a mistyped --data-dir with an error that names the path, never OK', async () => {
    const dataDir = path.join(root, 'no-such-data-dir');
    const result = await runCli(['audit', 'verify', '--data-dir', dataDir], noKeychain);
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /No audit log at .*no-such-data-dir\/audit\/audit\.jsonl/);
  });

  it('refuses a --data-dir that is a file in one plain line, never a stack trace', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await runCli(['audit', 'verify', '--data-dir', file], noKeychain);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^airlock: The Airlock data folder .*a-file is not a folder/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('refuses an --audit-log file that does not exist, naming it', async () => {
    const file = path.join(root, 'missing.jsonl');
    const result = await verify(file, noKeychain);
    assert.notEqual(result.code, 0);
    assert.doesNotMatch(result.stdout, /OK/);
    assert.ok(result.stderr.includes(file), result.stderr);
  });

  it('does not pass a log deleted with its head file, and says a deleted log looks the same unanchored', async () => {
    const file = freshLog();
    await appendRun(file, 3, undefined);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    const result = await verify(file, noKeychain);
    assert.notEqual(result.code, 0);
    assert.doesNotMatch(result.stdout, /intact/);
    assert.match(result.stderr, /Without the keychain a deleted log looks the same/);
  });

  it('exports with "no log", not "chain intact", when there is no log to check', async () => {
    const file = path.join(root, 'missing-for-export.jsonl');
    const result = await runCli(
      ['audit', 'search', '--export', 'jsonl', '--audit-log', file],
      noKeychain,
    );
    const verification = (
      JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        verification?: string;
      }
    ).verification;
    assert.equal(verification, `no log at ${file}: nothing was checked`);
  });

  it('says in one line what cannot be detected, and never "Anchored"', async () => {
    const file = freshLog();
    await appendRun(file, 3, undefined);
    const result = await verify(file, noKeychain);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^OK: 3 records in 1 file\(s\) verify; the chain is intact\.$/m);
    assert.match(
      result.stdout,
      /^ {2}Not anchored: deleting the whole log would not show \(no keychain: /m,
    );
    assert.doesNotMatch(
      result.stdout,
      /Anchored:|every record carries|API keys|run the command again/,
    );
  });
});

describe('airlock audit verify with the keychain', () => {
  const system = testKeychain('airlock-test-verify');
  const env = cliEnv({ AIRLOCK_KEYCHAIN_SERVICE: system.service });
  let key: Uint8Array | undefined;

  before(async () => {
    if (!(await system.probe())) return;
    // The key a server would make, in the keychain the CLI reads: writers anchor beside it.
    key = (await loadAuditKey({ service: system.service, create: true }, system.keychain)).key;
  });
  after(() => system.empty());

  it('fails a log deleted whole: "the log was deleted", with the records that are gone', async (t) => {
    if (!system.reachable(t)) return;
    const file = freshLog();
    await appendRun(file, 4, key);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    const result = await verify(file, env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^FAILED: The log was deleted: records 1 to 4 are gone\./m);
    assert.doesNotMatch(result.stdout, /Anchored:/);
  });

  it('names the records cut from the end, though the head file was rewritten to hide it', async (t) => {
    if (!system.reachable(t)) return;
    const file = freshLog();
    await appendRun(file, 6, key);
    const kept = readFileSync(file, 'utf8').split('\n').slice(0, 4);
    writeFileSync(file, `${kept.join('\n')}\n`);
    const last = JSON.parse(kept.at(-1) as string) as AuditRecord;
    writeFileSync(`${file}.head`, JSON.stringify({ seq: last.seq, hash: last.hash }));
    const result = await verify(file, env);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^FAILED: Records 5 to 6 are gone: the log ends at record 4/m);
  });

  it('says which records carry the keyed MAC in a log begun without the keychain, and anchors it', async (t) => {
    if (!system.reachable(t)) return;
    const file = freshLog();
    await appendRun(file, 3, undefined);
    await appendRun(file, 3, key);
    const result = await verify(file, env);
    assert.equal(result.code, 0, result.stdout);
    assert.match(
      result.stdout,
      /Keyed MAC on records 4 to 6 \(checked against the keychain\); none on records 1 to 3\./,
    );
    assert.doesNotMatch(result.stdout, /every record carries/);
    assert.match(result.stdout, /^ {2}Anchored: the log reaches record 6/m);
  });

  it('warns about, and passes, records a run without the keychain appended after keyed ones', async (t) => {
    if (!system.reachable(t)) return;
    const file = freshLog();
    await appendRun(file, 3, key);
    await appendRun(file, 2, undefined);
    const result = await verify(file, env);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /lacks the keyed MAC|FAILED/);
    assert.match(
      result.stdout,
      /warning: Records 4 to 5 carry no keyed MAC, though records before them do/,
    );
  });

  it('says a log the keychain holds no anchor for is not anchored yet', async (t) => {
    if (!system.reachable(t)) return;
    const file = freshLog();
    await appendRun(file, 2, undefined);
    const result = await verify(file, env);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Not anchored yet: the keychain holds no anchor for this log/);
  });
});
