// The changes channels on a real app: every request checked against the contract first;
// changes made in a shared folder listed by app and session, previewed, undone (and the
// undo recorded in the app's activity log), refused with the window's codes; and history's
// size and emptying, recorded too.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { ChangeJournal } from '../../../../main/core/history/change-journal.ts';
import { CHANGE_CHANNELS } from '../../../../preload/ipc-channels.ts';
import { makePolicy } from '../../fixtures.ts';
import { agentOf, type Agent } from '../../history/recorded-tools.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
/** An agent changing files in the shared folder A, as Claude Desktop in one session. */
let claude: Agent;

before(async () => {
  sandbox = await makeAppSandbox();
  ({ app, handlers } = await startHandlers(sandbox, {
    config: {
      http: { port: 0 },
      workspaces: [
        { path: sandbox.folderA, access: 'write' },
        { path: sandbox.folderB, access: 'write' },
      ],
    },
  }));
  // The history the app's restore service reads: changes recorded as the tools record them.
  const journal = await ChangeJournal.open(sandbox.dataDir);
  const policy = await makePolicy(sandbox.folderA);
  claude = agentOf(journal, policy, (tool) => ({
    id: randomBytes(6).toString('hex'),
    tool,
    client: 'Claude Desktop 0.14.2',
    session: 'claude-session',
  }));
});
after(async () => sandbox.cleanup());

function inA(name: string): string {
  return path.join(sandbox.folderA, name);
}

/** The activity records whose text matches, newest first, once the log has them. */
async function activity(text: string, count: number) {
  await eventually(
    async () => data(await handlers.queryActivity({ filters: { text } })).totalMatched >= count,
    `${count} records with "${text}"`,
  );
  return data(await handlers.queryActivity({ filters: { text } })).records;
}

describe('the changes channels check every request against the contract', () => {
  const refused: [(typeof CHANGE_CHANNELS)[number], unknown][] = [
    ['listChangeGroups', { limit: 0 }],
    ['listChangeGroups', { limit: 10, everything: true }],
    ['getChange', { id: '../../config' }],
    ['getChange', {}],
    ['previewUndo', { id: 'a.b' }],
    ['undoChange', { id: 'abc', force: 'yes' }],
    ['undoChange', { id: 'abc', force: false, alsoDelete: true }],
    ['planGroupUndo', { group: { since: 'yesterday', until: 'today', byPerson: false } }],
    ['undoGroup', { group: { since: '2026-01-01T00:00:00Z' }, force: false }],
    ['historyUsage', { detail: true }],
    ['emptyHistory', 'everything'],
  ];
  for (const [channel, request] of refused) {
    it(`refuses ${channel} ${JSON.stringify(request)} as invalid_request`, async () => {
      assert.equal(refusal(await handlers[channel](request)).code, 'invalid_request');
    });
  }
});

describe('undoing a change from the window', () => {
  it('lists the change in its app’s group, previews it, undoes it, and records the undo', async () => {
    await writeFile(inA('budget.txt'), 'rent 900\nfood 300\n');
    const change = await claude.edit('budget.txt', 'food 300', 'food 450');

    const { groups } = data(await handlers.listChangeGroups({ limit: 50 }));
    const group = groups.find((each) => each.session === 'claude-session');
    assert.equal(group?.app, 'Claude Desktop');
    assert.equal(group?.changes[0]?.id, change.id);
    assert.equal(data(await handlers.getChange({ id: change.id }))?.state, 'undoable');

    const preview = data(await handlers.previewUndo({ id: change.id }));
    assert.deepEqual(preview.conflicts, []);
    assert.deepEqual(preview.paths[0]?.kind === 'text' ? preview.paths[0].lines : [], [
      { op: 'same', text: 'rent 900' },
      { op: 'removed', text: 'food 450' },
      { op: 'added', text: 'food 300' },
    ]);

    const done = data(await handlers.undoChange({ id: change.id }));
    assert.equal(await readFile(inA('budget.txt'), 'utf8'), 'rent 900\nfood 300\n');
    assert.equal(done.undone.state, 'undone');

    const [record] = await activity('Restored the state from before change', 1);
    assert.equal(record?.event, 'restore');
    assert.equal(record?.transport, 'app');
    assert.equal(record?.outcome, 'ok');
    assert.equal(record?.correlationId, done.undo.id, 'the undo can be found from its record');
    assert.deepEqual(record?.paths, [inA('budget.txt')]);
  });

  it('answers conflict when the file changed since, and undoes it anyway with force', async () => {
    await writeFile(inA('letter.txt'), 'Dear Sam,');
    const change = await claude.write('letter.txt', 'Dear Sam, thanks');
    await writeFile(inA('letter.txt'), 'Dear Sam, thank you so much');
    const preview = data(await handlers.previewUndo({ id: change.id }));
    assert.match(preview.conflicts.join(' '), /letter\.txt was changed since/);
    const refused = refusal(await handlers.undoChange({ id: change.id, force: false }));
    assert.equal(refused.code, 'conflict');
    assert.equal(await readFile(inA('letter.txt'), 'utf8'), 'Dear Sam, thank you so much');
    data(await handlers.undoChange({ id: change.id, force: true }));
    assert.equal(await readFile(inA('letter.txt'), 'utf8'), 'Dear Sam,');
  });

  it('answers null for a change history does not hold, and not_found to undo it', async () => {
    assert.equal(data(await handlers.getChange({ id: 'f00df00df00d' })), null);
    assert.equal(refusal(await handlers.undoChange({ id: 'f00df00df00d' })).code, 'not_found');
  });

  it('says a change in a folder no longer shared cannot be undone, and why', async () => {
    await writeFile(inA('kept.txt'), 'one');
    const change = await claude.write('kept.txt', 'two');
    await app.removeWorkspace(sandbox.folderA);
    try {
      const view = data(await handlers.getChange({ id: change.id }));
      assert.equal(view?.state, 'not_undoable');
      assert.match(view?.reason ?? '', /is no longer shared/);
      const refused = refusal(await handlers.undoChange({ id: change.id }));
      assert.equal(refused.code, 'cannot_undo');
      assert.match(refused.message, /no longer shared/);
      assert.equal(await readFile(inA('kept.txt'), 'utf8'), 'two');
    } finally {
      await app.addWorkspace(sandbox.folderA, 'write');
    }
  });
});

describe('Undo all of a group from the window', () => {
  it('plans the group newest first, then undoes it', async () => {
    const group = data(await handlers.listChangeGroups({ limit: 50 })).groups.find(
      (each) => each.session === 'claude-session',
    );
    assert.ok(group);
    const plan = data(await handlers.planGroupUndo({ group: group.ref }));
    assert.ok(plan.changes.length > 0);
    assert.deepEqual(
      plan.changes.map((change) => change.at),
      [...plan.changes.map((change) => change.at)].sort().reverse(),
      'newest first',
    );
    const result = data(await handlers.undoGroup({ group: group.ref }));
    assert.equal(result.undone, plan.changes.length);
    assert.equal(result.stoppedAt, undefined);
  });
});

describe('history in Settings', () => {
  it('prunes at once to tighter limits saved in Settings, before the save answers', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const lastWeek = await ChangeJournal.open(sandbox.dataDir, {
      clock: () => Date.now() - 7 * DAY,
    });
    const old = await agentOf(lastWeek, await makePolicy(sandbox.folderA)).write(
      'old.txt',
      'from last week',
    );
    assert.equal(data(await handlers.getChange({ id: old.id }))?.state, 'undoable');
    data(await handlers.updateSettings({ history: { maxAgeDays: 3 } }));
    assert.equal(data(await handlers.getChange({ id: old.id })), null);
    assert.equal(await readFile(inA('old.txt'), 'utf8'), 'from last week', 'the file stays');
    data(await handlers.updateSettings({ history: { maxAgeDays: 30 } }));
  });

  it('says how many changes history holds, and empties it, recording that', async () => {
    const before = data(await handlers.historyUsage(undefined));
    assert.ok(before.changes > 0);
    assert.ok(before.budgetBytes > 0);
    const after = data(await handlers.emptyHistory(undefined));
    assert.equal(after.changes, 0);
    assert.equal(after.bytes, 0);
    const [record] = await activity('History emptied', 1);
    assert.equal(record?.event, 'settings_change');
    assert.equal(record?.transport, 'app');
    assert.deepEqual(data(await handlers.listChangeGroups({ limit: 50 })).groups, []);
  });
});
