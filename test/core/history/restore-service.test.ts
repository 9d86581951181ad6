// The restore service, as both front ends use it: what it lists and previews, how it
// restores and rewinds, the restore records it writes, and how a person's reference (an
// activity record number or a change id) is resolved.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import type { PathPreview } from '../../../main/core/history/restore-service.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { makePolicy, put } from '../fixtures.ts';
import { exists, snapshot } from './history-fixtures.ts';
import { PERSON, serviceLayout } from './restore-service-fixture.ts';

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected one, got ${items.length}`);
  return items[0] as T;
}

function pathPreview(paths: readonly PathPreview[], at: string): PathPreview {
  const found = paths.find((preview) => preview.path === at);
  assert.ok(found, `no preview for ${at}: ${paths.map((p) => p.path).join(', ')}`);
  return found;
}

describe('listing what can be restored', () => {
  it('gives each change newest first, in plain words, with paths relative to the workspace', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'notes/report.md', 'the report\n');
    await agent.edit('notes/report.md', 'the', 'our');
    await agent.move('notes/report.md', 'report.md');
    await agent.createDirectory('drafts/2025');
    const listed = await service.list();
    assert.deepEqual(
      listed.map((change) => [change.summary, change.paths]),
      [
        ['Created the folder drafts', ['drafts']],
        ['Moved notes/report.md to report.md', ['notes/report.md', 'report.md']],
        ['Edited notes/report.md', ['notes/report.md']],
      ],
    );
    for (const change of listed) {
      assert.equal(change.client, 'Test Client 1.0');
      assert.equal(change.workspace, ws);
      assert.equal(change.undoable, true);
      assert.equal(change.whyNot, undefined);
    }
  });

  it('names the restore that undid a change, and the change a restore undid', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    const done = await service.restore(change.id, { actor: PERSON });
    assert.ok(done.ok);
    const [restore, original] = await service.list();
    assert.equal(restore?.id, done.restore.id);
    assert.equal(restore?.restores, change.id);
    assert.equal(restore?.client, 'Dana', 'a restore is the person’s');
    assert.equal(restore?.summary, `Undid change ${change.id} (a.txt)`);
    assert.equal(original?.restoredBy, restore?.id);
    assert.equal(original?.undoable, false);
    assert.match(original?.whyNot ?? '', /already undone/);
  });

  it('says a change in a folder no longer shared cannot be undone, and why', async () => {
    const { ws, root, agent, service, share } = await serviceLayout().then(async (layout) => ({
      ...layout,
      root: path.dirname(layout.ws),
    }));
    await agent.write('a.txt', 'x');
    const other = path.join(root, 'other');
    await mkdir(other);
    share(await makePolicy(other));
    const change = only(await service.list());
    assert.equal(change.undoable, false);
    assert.equal(change.whyNot, `The folder ${ws} is no longer shared in Airlock.`);
  });

  it('gives one change by its id, as the list does', async () => {
    const { agent, service } = await serviceLayout();
    const change = await agent.write('a.txt', 'x');
    const one = await service.change(change.id);
    assert.deepEqual(one, only(await service.list()));
    assert.equal(await service.change('abcdef123456'), undefined);
    assert.equal(await service.change('../not-an-id'), undefined);
  });

  it('narrows by time, client and workspace', async () => {
    let now = Date.parse('2025-05-01T09:00:00Z');
    const { agent, service, ws } = await serviceLayout({ clock: () => now });
    await agent.write('early.txt', 'e');
    now += 3_600_000;
    await agent.write('late.txt', 'l');
    const since = await service.list({ since: new Date('2025-05-01T09:30:00Z') });
    assert.deepEqual(
      since.map((change) => change.paths),
      [['late.txt']],
    );
    assert.equal((await service.list({ client: 'Test Client' })).length, 2);
    assert.equal((await service.list({ client: 'Cursor' })).length, 0);
    assert.equal((await service.list({ workspace: ws })).length, 2);
    assert.equal((await service.list({ workspace: path.join(ws, 'elsewhere') })).length, 0);
  });
});

describe('previewing a restore', () => {
  it('shows a text file as a diff from what is there now to what comes back, and changes nothing', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'notes.txt', 'line one\nline two\nline three\n');
    const change = await agent.edit('notes.txt', 'two', 'TWO');
    const before = await snapshot(ws);
    const recordsBefore = (await records()).length;
    const result = await service.preview(change.id);
    assert.ok(result.ok);
    const { preview } = result;
    assert.equal(preview.change.id, change.id);
    assert.deepEqual(preview.conflicts, []);
    assert.deepEqual(preview.actions, [{ op: 'write', path: 'notes.txt', workspace: ws }]);
    const notes = pathPreview(preview.paths, 'notes.txt');
    assert.equal(notes.change, 'written_back');
    assert.equal(notes.kind, 'text');
    assert.equal(
      notes.diff,
      [
        '--- notes.txt\tnow',
        '+++ notes.txt\tafter the restore',
        '@@ -1,3 +1,3 @@',
        ' line one',
        '-line TWO',
        '+line two',
        ' line three',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await snapshot(ws), before);
    assert.equal((await records()).length, recordsBefore, 'a preview is not recorded');
  });

  it('shows a file that is not text by its type and its sizes now and after', async () => {
    const { ws, agent, service } = await serviceLayout();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 1),
    ]);
    await put(ws, 'photo.png', png);
    const change = await agent.write('photo.png', Buffer.alloc(40, 0));
    const result = await service.preview(change.id);
    assert.ok(result.ok);
    assert.deepEqual(pathPreview(result.preview.paths, 'photo.png'), {
      path: 'photo.png',
      workspace: ws,
      change: 'written_back',
      kind: 'file',
      fileType: 'image/png',
      bytesNow: 40,
      bytesAfter: 108,
    });
  });

  it('lists the files of a deleted folder that comes back', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'project/a.txt', 'a');
    await put(ws, 'project/src/b.ts', 'b');
    const change = await agent.delete('project');
    const result = await service.preview(change.id);
    assert.ok(result.ok);
    assert.deepEqual(pathPreview(result.preview.paths, 'project'), {
      path: 'project',
      workspace: ws,
      change: 'put_back',
      kind: 'folder',
      files: ['a.txt', 'src/b.ts'],
      moreFiles: false,
    });
  });

  it('shows a text file the change created, which the restore removes, as a diff to nothing', async () => {
    const { ws, agent, service } = await serviceLayout();
    const made = await agent.write('new.txt', 'brand new\n');
    const result = await service.preview(made.id);
    assert.ok(result.ok);
    const preview = pathPreview(result.preview.paths, 'new.txt');
    assert.equal(preview.change, 'removed');
    assert.equal(preview.kind, 'text');
    assert.match(preview.diff, /^-brand new$/m);
    assert.ok(await exists(path.join(ws, 'new.txt')));
  });

  it('says what changed since the change', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    await writeFile(path.join(ws, 'a.txt'), 'three, by the person');
    const result = await service.preview(change.id);
    assert.ok(result.ok);
    assert.equal(result.preview.conflicts.length, 1);
    assert.match(result.preview.conflicts[0] ?? '', /a\.txt was changed since/);
  });

  it('describes a text too costly to compare by its sizes rather than a diff', async () => {
    const { ws, agent, service } = await serviceLayout();
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    await put(ws, 'big.txt', lines.join(''));
    // Every line moved: the diff would need one array per edit, twenty thousand of them.
    const change = await agent.write('big.txt', [...lines].reverse().join(''));
    const result = await service.preview(change.id);
    assert.ok(result.ok);
    const big = pathPreview(result.preview.paths, 'big.txt');
    assert.equal(big.kind, 'file');
    assert.equal(big.fileType, 'text');
  });

  it('refuses, as a value, a change that cannot be undone', async () => {
    const limits = { ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 4 };
    const { ws, agent, service } = await serviceLayout({ limits });
    await put(ws, 'big.txt', 'more than four bytes');
    const change = await agent.write('big.txt', 'x');
    const result = await service.preview(change.id);
    assert.equal(result.ok, false);
    assert.equal(result.refusal.code, 'not_undoable');
    assert.match(result.refusal.message, /cannot be undone/);
  });
});

describe('restoring one change', () => {
  it('puts the file back and writes a restore record naming who, what and from which change', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'report.md', 'the original');
    const change = await agent.write('report.md', 'overwritten');
    const done = await service.restore(change.id, { actor: PERSON });
    assert.ok(done.ok);
    assert.equal(await readFile(path.join(ws, 'report.md'), 'utf8'), 'the original');
    assert.equal(done.restored.id, change.id);
    assert.equal(done.restore.restores, change.id);
    assert.equal(done.forced, false);
    const record = (await records()).at(-1);
    assert.equal(record?.seq, done.auditSeq);
    assert.equal(record?.event, 'restore');
    assert.equal(record?.tool, 'restore');
    assert.equal(record?.outcome, 'ok');
    assert.equal(record?.transport, 'app');
    assert.equal(record?.client, 'Dana');
    assert.deepEqual(record?.paths, [path.join(ws, 'report.md')]);
    assert.equal(record?.workspace, ws);
    assert.equal(record?.correlationId, done.restore.id, 'the record leads to the restore');
    assert.deepEqual(record?.detail, { restores: change.id, tool: 'write_file', forced: false });
  });

  it('refuses when the file changed since, says what changed, and records the refusal', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    await writeFile(path.join(ws, 'a.txt'), 'three, by the person');
    const result = await service.restore(change.id, { actor: PERSON });
    assert.equal(result.ok, false);
    assert.equal(result.refusal.code, 'conflict');
    assert.equal(result.refusal.forceable, true);
    assert.match(result.refusal.conflicts[0] ?? '', /a\.txt was changed since/);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'three, by the person');
    const record = (await records()).at(-1);
    assert.equal(record?.seq, result.auditSeq);
    assert.equal(record?.event, 'restore');
    assert.equal(record?.outcome, 'denied');
    assert.equal(record?.reason, result.refusal.message);
    assert.equal(record?.detail?.code, 'conflict');
    assert.deepEqual(record?.detail?.conflicts, result.refusal.conflicts);
  });

  it('with force, restores anyway and keeps what was there, which undoing the restore brings back', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    await writeFile(path.join(ws, 'a.txt'), 'three, by the person');
    const forced = await service.restore(change.id, { actor: PERSON, force: true });
    assert.ok(forced.ok);
    assert.equal(forced.forced, true);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'one');
    assert.equal((await records()).at(-1)?.detail?.forced, true);
    const undone = await service.restore(forced.restore.id, { actor: PERSON });
    assert.ok(undone.ok);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'three, by the person');
  });

  it('undoes a restore, and the undo of that, each as a change of its own', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'doc.txt', 'v1');
    const change = await agent.write('doc.txt', 'v2');
    const restored = await service.restore(change.id, { actor: PERSON });
    assert.ok(restored.ok);
    assert.equal(await readFile(path.join(ws, 'doc.txt'), 'utf8'), 'v1');
    const redone = await service.restore(restored.restore.id, { actor: PERSON });
    assert.ok(redone.ok);
    assert.equal(await readFile(path.join(ws, 'doc.txt'), 'utf8'), 'v2');
    const again = await service.restore(redone.restore.id, { actor: PERSON });
    assert.ok(again.ok);
    assert.equal(await readFile(path.join(ws, 'doc.txt'), 'utf8'), 'v1');
  });

  it('refuses a change in a folder that is no longer shared, in plain words, and records it', async () => {
    const { ws, agent, service, share, records } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    const elsewhere = path.join(path.dirname(ws), 'elsewhere');
    await mkdir(elsewhere);
    share(await makePolicy(elsewhere));
    const result = await service.restore(change.id, { actor: PERSON });
    assert.equal(result.ok, false);
    assert.equal(result.refusal.code, 'workspace_not_granted');
    assert.equal(result.refusal.forceable, false);
    assert.match(result.refusal.message, /no longer shared in Airlock/);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'two');
    const record = (await records()).at(-1);
    assert.equal(record?.outcome, 'denied');
    assert.equal(record?.detail?.code, 'workspace_not_granted');
  });

  it('restores into a workspace shared read-only now: it is the person who restores, not an agent', async () => {
    const { ws, agent, service, share } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    share(await makePolicy(ws, 'read'));
    const result = await service.restore(change.id, { actor: PERSON });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'one');
  });

  it('refuses a change already undone, an unknown id and one that is no id', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    assert.ok((await service.restore(change.id, { actor: PERSON })).ok);
    const twice = await service.restore(change.id, { actor: PERSON });
    assert.equal(!twice.ok && twice.refusal.code, 'already_restored');
    const unknown = await service.restore('abcdef123456', { actor: PERSON });
    assert.equal(!unknown.ok && unknown.refusal.code, 'not_found');
    const bad = await service.restore(`../config${'x'.repeat(500)}`, { actor: PERSON });
    assert.equal(!bad.ok && bad.refusal.code, 'invalid_id');
    const record = (await records()).at(-1);
    assert.equal(record?.outcome, 'denied');
    assert.equal(String(record?.detail?.restores).length, 100, 'what was asked is kept short');
  });

  it('still restores when the record cannot be written, and says so', async () => {
    const { ws, agent, journal, auditFile } = await serviceLayout();
    const { RestoreService } = await import('../../../main/core/history/restore-service.ts');
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    const service = new RestoreService({
      journal,
      policy: () => makePolicy(ws),
      record: () => Promise.reject(new Error('the disk is full')),
      auditFile,
    });
    const result = await service.restore(change.id, { actor: PERSON });
    assert.ok(result.ok);
    assert.equal(result.recordProblem, 'the disk is full');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'one');
  });
});

describe('rewinding a range', () => {
  it('undoes every change since a time, newest first, one restore record each', async () => {
    let now = Date.parse('2025-06-01T08:00:00Z');
    const { ws, agent, service, records } = await serviceLayout({ clock: () => now });
    await put(ws, 'a.txt', 'start');
    await agent.write('a.txt', 'kept');
    now += 60_000;
    const before = await snapshot(ws);
    const second = await agent.write('a.txt', 'second');
    const third = await agent.move('a.txt', 'b.txt');
    const report = await service.rewind(
      { since: new Date('2025-06-01T08:01:00Z') },
      { actor: PERSON },
    );
    assert.deepEqual(
      report.changes.map((change) => change.id),
      [third.id, second.id],
    );
    assert.equal(report.restores.length, 2);
    assert.equal(report.stoppedAt, undefined);
    assert.deepEqual(await snapshot(ws), before);
    const restoreRecords = (await records()).filter((record) => record.event === 'restore');
    assert.deepEqual(
      restoreRecords.map((record) => record.detail?.restores),
      [third.id, second.id],
    );
    const [rewind] = new Set(restoreRecords.map((record) => record.detail?.rewind));
    assert.ok(typeof rewind === 'string', 'the records of one rewind share its id');
  });

  it('on a dry run lists what it would undo, and changes and records nothing', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await agent.write('a.txt', 'x');
    const before = await snapshot(ws);
    const count = (await records()).length;
    const report = await service.rewind({ since: new Date(0) }, { actor: PERSON, dryRun: true });
    assert.equal(report.dryRun, true);
    assert.equal(report.changes.length, 1);
    assert.deepEqual(await snapshot(ws), before);
    assert.equal((await records()).length, count);
  });

  it('stops at a change that cannot be undone, says which and why, and records the refusal', async () => {
    const limits = { ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 4 };
    const { ws, agent, service, records } = await serviceLayout({ limits });
    await put(ws, 'big.txt', 'more than four bytes');
    const unkept = await agent.write('big.txt', 'x');
    await agent.write('new.txt', 'y');
    const report = await service.rewind({ since: new Date(0) }, { actor: PERSON });
    assert.equal(report.restores.length, 1);
    assert.equal(report.stoppedAt?.change.id, unkept.id);
    assert.equal(report.stoppedAt?.refusal.code, 'not_undoable');
    const last = (await records()).at(-1);
    assert.equal(last?.outcome, 'denied');
    assert.equal(last?.detail?.restores, unkept.id);
  });

  it('undoes only one client’s changes, in one workspace', async () => {
    const { ws, service, journal, policy, recordCall } = await serviceLayout();
    const { agentOf } = await import('./recorded-tools.ts');
    const { callOf } = await import('./history-fixtures.ts');
    const by = (client: string) => (tool: string) => callOf(tool, { client });
    const claude = await agentOf(journal, policy, by('Claude Desktop 1.0')).write('c.txt', 'c');
    const cursor = await agentOf(journal, policy, by('Cursor 2.0')).write('k.txt', 'k');
    await recordCall(claude);
    await recordCall(cursor);
    await service.rewind(
      { since: new Date(0), client: 'Cursor', workspace: ws },
      { actor: PERSON },
    );
    assert.equal(await exists(path.join(ws, 'k.txt')), false);
    assert.equal(await readFile(path.join(ws, 'c.txt'), 'utf8'), 'c');
  });

  it('undoes only one session’s changes, though another session of the client came between', async () => {
    const { ws, service, journal, policy } = await serviceLayout();
    const { agentOf } = await import('./recorded-tools.ts');
    const { callOf } = await import('./history-fixtures.ts');
    const inSession = (session: string) => (tool: string) =>
      callOf(tool, { client: 'Cursor 2.0', session });
    await agentOf(journal, policy, inSession('window-1')).write('a.txt', 'a');
    await agentOf(journal, policy, inSession('window-2')).write('b.txt', 'b');
    await agentOf(journal, policy, inSession('window-1')).write('c.txt', 'c');
    const report = await service.rewind(
      { since: new Date(0), client: 'Cursor 2.0', session: 'window-1' },
      { actor: PERSON },
    );
    assert.equal(report.restores.length, 2);
    assert.equal(await exists(path.join(ws, 'a.txt')), false);
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'b');
    assert.equal(await exists(path.join(ws, 'c.txt')), false);
  });
});

describe('what a person names a change by', () => {
  it('takes a change id, which is the correlation id of its record', async () => {
    const { agent, service } = await serviceLayout();
    const change = await agent.write('a.txt', 'x');
    assert.deepEqual(await service.resolveRef(change.id), { ok: true, changeId: change.id });
    assert.deepEqual(await service.resolveRef(` ${change.id}\n`), {
      ok: true,
      changeId: change.id,
    });
  });

  it('takes an activity record number, and finds the change its record names', async () => {
    const { agent, service, records, log } = await serviceLayout();
    await log.record({ event: 'settings_change', outcome: 'ok', reason: 'before' });
    const change = await agent.write('a.txt', 'x');
    await log.record({ event: 'settings_change', outcome: 'ok', reason: 'after' });
    const seq = (await records()).find((record) => record.correlationId === change.id)?.seq;
    assert.equal(seq, 2);
    assert.deepEqual(await service.resolveRef(String(seq)), {
      ok: true,
      changeId: change.id,
      record: seq,
    });
    assert.deepEqual(await service.resolveRef(`#${seq}`), {
      ok: true,
      changeId: change.id,
      record: seq,
    });
  });

  it('reads a record number as the window shows it, with thousands separators', async () => {
    const { service } = await serviceLayout();
    for (const shown of ['4,213', '4.213', '4 213', '4\u202f213']) {
      const ref = await service.resolveRef(shown);
      assert.ok(!ref.ok, shown);
      assert.match(ref.refusal.message, /^There is no activity record 4213:/, shown);
    }
  });

  it('finds a restore by its record number, so a restore can be undone by number too', async () => {
    const { ws, agent, service } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    const done = await service.restore(change.id, { actor: PERSON });
    assert.ok(done.ok);
    const ref = await service.resolveRef(String(done.auditSeq));
    assert.deepEqual(ref, { ok: true, changeId: done.restore.id, record: done.auditSeq });
  });

  it('says plainly when the record made no change', async () => {
    const { service, recordCall, log } = await serviceLayout();
    const read = await recordCall({ id: 'feedc0ffee00', tool: 'read_text_file' });
    const refusedCall = await recordCall({ id: 'feedc0ffee01', tool: 'write_file' }, 'denied');
    const setting = (await log.record({ event: 'settings_change', outcome: 'ok' })).seq;
    const expectations: Array<[number, string, RegExp]> = [
      [read, 'no_change', /^Record \d+ \(read_text_file\) made no change to files/],
      [refusedCall, 'no_change', /^Record \d+ \(write_file\) was refused, so it changed nothing/],
      [setting, 'no_change', /^Record \d+ \(settings change\) made no change to files/],
    ];
    for (const [seq, code, message] of expectations) {
      const ref = await service.resolveRef(String(seq));
      assert.equal(ref.ok, false);
      assert.equal(ref.refusal.code, code);
      assert.match(ref.refusal.message, message);
    }
  });

  it('says when history no longer holds the change a record made', async () => {
    const { service, recordCall } = await serviceLayout();
    const seq = await recordCall({ id: 'abcabcabcabc', tool: 'write_file' });
    const ref = await service.resolveRef(String(seq));
    assert.equal(!ref.ok && ref.refusal.code, 'not_found');
    assert.match(!ref.ok ? ref.refusal.message : '', /history no longer holds that change/);
  });

  it('says when a restore record names a restore that was refused', async () => {
    const { service } = await serviceLayout();
    const refusedRestore = await service.restore('abcdef123456', { actor: PERSON });
    assert.equal(refusedRestore.ok, false);
    const ref = await service.resolveRef(String(refusedRestore.auditSeq));
    assert.equal(!ref.ok && ref.refusal.code, 'no_change');
    assert.match(!ref.ok ? ref.refusal.message : '', /a restore that was refused/);
  });

  it('refuses a number no record has, a record edited outside Airlock, and words that are neither', async () => {
    const { agent, service, auditFile } = await serviceLayout();
    const change = await agent.write('a.txt', 'x');
    const missing = await service.resolveRef('999');
    assert.equal(!missing.ok && missing.refusal.code, 'record_not_found');
    const text = await readFile(auditFile, 'utf8');
    await writeFile(auditFile, text.replace(change.id, 'ffffffffffff'));
    const damaged = await service.resolveRef('1');
    assert.equal(!damaged.ok && damaged.refusal.code, 'record_damaged');
    const words = await service.resolveRef('the last one');
    assert.equal(!words.ok && words.refusal.code, 'invalid_ref');
  });
});

describe('what history holds, and emptying it', () => {
  it('reports the changes and bytes kept, and empties them with a settings record', async () => {
    const { ws, agent, service, records } = await serviceLayout();
    await put(ws, 'a.txt', '12345');
    await agent.write('a.txt', 'x');
    assert.deepEqual([(await service.usage()).changes, (await service.usage()).keptBytes], [1, 5]);
    const report = await service.empty(PERSON);
    assert.equal(report.removedChanges, 1);
    assert.equal((await service.usage()).changes, 0);
    const record = (await records()).at(-1);
    assert.equal(record?.seq, report.auditSeq);
    assert.equal(record?.event, 'settings_change');
    assert.equal(record?.reason, 'History emptied');
    assert.equal(record?.transport, 'app');
  });
});

describe('the audit log after restores', () => {
  it('still verifies, with its restore records in the chain', async () => {
    const { ws, agent, service, auditFile, log } = await serviceLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agent.write('a.txt', 'two');
    await service.restore(change.id, { actor: PERSON });
    await service.restore('abcdef123456', { actor: PERSON });
    log.close();
    const report = await verifyAuditLog(auditFile, undefined, {
      state: 'unavailable',
      reason: 'no keychain in this test',
    });
    assert.equal(report.firstProblem, undefined, JSON.stringify(report.firstProblem));
    assert.equal(report.records, 3);
  });
});

describe('a workspace shared twice over', () => {
  it('restores a move between two workspaces when both are shared', async () => {
    const { ws, journal, service, share, recordCall } = await serviceLayout();
    const second = path.join(path.dirname(ws), 'second');
    await mkdir(second);
    const both = new PathPolicy(
      linuxPlatform,
      [
        await openWorkspace(linuxPlatform, ws, 'write'),
        await openWorkspace(linuxPlatform, second, 'write'),
      ],
      defaultProtections(linuxPlatform),
    );
    share(both);
    const { agentOf } = await import('./recorded-tools.ts');
    await put(ws, 'r.txt', 'travelling');
    const moved = await agentOf(journal, both).move(
      path.join(ws, 'r.txt'),
      path.join(second, 'r.txt'),
    );
    await recordCall(moved);
    const listed = only(await service.list());
    assert.deepEqual(listed.paths, ['r.txt', path.join(second, 'r.txt')]);
    const done = await service.restore(moved.id, { actor: PERSON });
    assert.ok(done.ok);
    assert.equal(await readFile(path.join(ws, 'r.txt'), 'utf8'), 'travelling');
  });
});
