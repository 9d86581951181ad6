// The Changes section's groups: one client's run of changes in one session, split by a long
// pause; another session of the same client is a group of its own, and so are the person's
// own undos; each group with its folders, files, counts and times, its changes newest first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GROUP_GAP_MS } from '../../../../main/core/app/changes/change-groups.ts';
import { appName } from '../../../../main/core/app/changes/change-view.ts';
import { put } from '../../fixtures.ts';
import { changesLayout } from './changes-fixture.ts';

const MINUTE = 60 * 1000;

describe('grouping changes by app and session', () => {
  it('makes one group of one app’s session, with its folder, files, times and counts', async () => {
    const { ws, changes, agentAs, wait } = await changesLayout();
    const claude = agentAs('Claude Desktop 0.14.2', 'session-1');
    await put(ws, 'receipts.csv', 'date,amount\n');
    await claude.write('receipts.csv', 'date,amount\n2024-03-01,12\n');
    wait(3 * MINUTE);
    await claude.edit('receipts.csv', '12', '14');
    wait(4 * MINUTE);
    await claude.write('summary.md', '# Taxes\n');
    await claude.createDirectory('scans');

    const { groups, more } = await changes.groups(50);
    assert.equal(more, false);
    assert.equal(groups.length, 1);
    const [group] = groups;
    assert.equal(group?.app, 'Claude Desktop');
    assert.equal(group?.client, 'Claude Desktop 0.14.2');
    assert.equal(group?.byPerson, false);
    assert.deepEqual(group?.workspaces, [ws]);
    assert.equal(group?.fileCount, 3, 'receipts.csv, summary.md and scans');
    assert.equal(group?.changeCount, 4);
    assert.equal(group?.undoableCount, 4);
    assert.equal(Date.parse(group?.last ?? '') - Date.parse(group?.first ?? ''), 7 * MINUTE);
    assert.deepEqual(
      group?.changes.map((change) => [change.tool, change.paths.map((p) => p.path)]),
      [
        ['create_directory', ['scans']],
        ['write_file', ['summary.md']],
        ['edit_file', ['receipts.csv']],
        ['write_file', ['receipts.csv']],
      ],
      'newest first',
    );
    assert.deepEqual(group?.ref, {
      client: 'Claude Desktop 0.14.2',
      session: 'session-1',
      byPerson: false,
      since: group?.first,
      until: group?.last,
    });
  });

  it('starts a new group after a pause longer than the gap, and for each app', async () => {
    const { changes, agentAs, wait } = await changesLayout();
    const cursor = agentAs('Cursor 1.4', 'a');
    await cursor.write('one.txt', '1');
    wait(GROUP_GAP_MS + MINUTE);
    await cursor.write('two.txt', '2');
    await agentAs('Claude Code 2.0', 'b').write('three.txt', '3');
    const { groups } = await changes.groups(50);
    assert.deepEqual(
      groups.map((group) => [group.app, group.changes.map((change) => change.paths[0]?.path)]),
      [
        ['Claude Code', ['three.txt']],
        ['Cursor', ['two.txt']],
        ['Cursor', ['one.txt']],
      ],
    );
  });

  it('makes each session of an app a group of its own, even when their changes interleave', async () => {
    const { changes, agentAs, wait } = await changesLayout();
    await agentAs('Cursor 1.4', 'window-1').write('a.txt', 'a');
    wait(MINUTE);
    await agentAs('Cursor 1.4', 'window-2').write('b.txt', 'b');
    wait(MINUTE);
    await agentAs('Cursor 1.4', 'window-1').write('c.txt', 'c');
    const { groups } = await changes.groups(50);
    assert.deepEqual(
      groups.map((group) => [
        group.session,
        group.changes.map((change) => change.paths[0]?.path),
        Date.parse(group.last) - Date.parse(group.first),
      ]),
      [
        ['window-1', ['c.txt', 'a.txt'], 2 * MINUTE],
        ['window-2', ['b.txt'], 0],
      ],
    );
  });

  it('keeps the person’s own undos apart, as a group of their own', async () => {
    const { changes, agentAs } = await changesLayout();
    const made = await agentAs('Cursor 1.4', 's').write('a.txt', 'a');
    await changes.undo(made.id, false);
    const { groups } = await changes.groups(50);
    assert.deepEqual(
      groups.map((group) => [group.byPerson, group.client, group.undoableCount]),
      [
        [true, 'dana', 1],
        [false, 'Cursor 1.4', 0],
      ],
    );
    const undone = groups[1]?.changes[0];
    assert.equal(undone?.state, 'undone');
    assert.equal(undone?.undoneBy, groups[0]?.changes[0]?.id);
    assert.equal(groups[0]?.changes[0]?.undoes, made.id);
  });

  it('gives the newest groups up to the limit, and says there are more', async () => {
    const { changes, agentAs } = await changesLayout();
    for (const name of ['A 1', 'B 1', 'C 1']) await agentAs(name).write(`${name}.txt`, name);
    const { groups, more } = await changes.groups(2);
    assert.deepEqual(
      groups.map((group) => group.app),
      ['C', 'B'],
    );
    assert.equal(more, true);
  });
});

describe('an app’s name for headings', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['Claude Desktop 0.14.2', 'Claude Desktop'],
    ['cursor-vscode v1.4.2-beta.1', 'cursor-vscode'],
    ['Windsurf', 'Windsurf'],
    ['Version 2', 'Version'],
    [undefined, undefined],
  ];
  for (const [client, expected] of cases) {
    it(`is ${JSON.stringify(expected)} for ${JSON.stringify(client)}`, () => {
      assert.equal(appName(client), expected);
    });
  }
});
