import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { restoreChange, rewindChanges } from '../../../main/core/history/restore-change.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { put } from '../fixtures.ts';
import { callOf, exists, sameDiskLayout, snapshot } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

describe('rewinding a range of changes', () => {
  it('undoes the changes since a time, newest first, and leaves older ones', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { ws, journal, policy } = await sameDiskLayout({ clock: () => now });
    const agent = agentOf(journal, policy);
    await agent.write('a.txt', 'kept');
    now += 60_000;
    const before = await snapshot(ws);
    await agent.write('a.txt', 'rewound');
    await agent.move('a.txt', 'b.txt');
    await agent.createDirectory('made/inside');
    const result = await rewindChanges(journal, policy, {
      since: new Date('2025-03-01T10:01:00Z'),
    });
    assert.equal(result.restores.length, 3);
    assert.equal(result.stoppedAt, undefined);
    assert.deepEqual(await snapshot(ws), before);
  });

  it('undoes only what one client did', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const by = (client: string) => (tool: string) => callOf(tool, { client });
    await agentOf(journal, policy, by('Claude Desktop 1.0')).write('claude.txt', 'c');
    await agentOf(journal, policy, by('Cursor 2.0')).write('cursor.txt', 'k');
    await rewindChanges(journal, policy, { client: 'Cursor' });
    assert.equal(await exists(path.join(ws, 'cursor.txt')), false);
    assert.equal(await readFile(path.join(ws, 'claude.txt'), 'utf8'), 'c');
  });

  it('on a dry run, only lists what it would undo', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await agentOf(journal, policy).write('a.txt', 'x');
    const result = await rewindChanges(journal, policy, {}, { dryRun: true });
    assert.equal(result.changes.length, 1);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'x');
  });

  it('skips a change already undone together with its undo', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', 'one');
    const first = await agent.write('a.txt', 'two');
    await restoreChange(journal, policy, first.id);
    await agent.write('a.txt', 'three');
    const result = await rewindChanges(journal, policy, {});
    assert.equal(result.restores.length, 1);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'one');
  });

  it('stops at a change that cannot be undone, and says which', async () => {
    const limits = { ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 4 };
    const { ws, journal, policy } = await sameDiskLayout({ limits });
    const agent = agentOf(journal, policy);
    await put(ws, 'big.txt', 'more than four bytes');
    const unkept = await agent.write('big.txt', 'x');
    await agent.write('new.txt', 'y');
    const result = await rewindChanges(journal, policy, {});
    assert.equal(result.restores.length, 1);
    assert.equal(result.stoppedAt?.change.id, unkept.id);
    assert.match(result.stoppedAt?.error.message ?? '', /cannot be undone/);
  });
});

describe('a move between two workspaces', () => {
  it('is kept with both places and moved back', async () => {
    const { ws, journal } = await sameDiskLayout();
    const second = path.join(path.dirname(ws), 'second');
    await mkdir(second);
    const policy = new PathPolicy(
      linuxPlatform,
      [
        await openWorkspace(linuxPlatform, ws, 'write'),
        await openWorkspace(linuxPlatform, second, 'write'),
      ],
      defaultProtections(linuxPlatform),
    );
    await put(ws, 'report.txt', 'travelling');
    const moved = await agentOf(journal, policy).move(
      path.join(ws, 'report.txt'),
      path.join(second, 'report.txt'),
    );
    const step = moved.steps[0];
    assert.equal(step?.kind, 'moved');
    assert.equal(step.from.root, ws);
    assert.equal(step.to.root, second);
    await restoreChange(journal, policy, moved.id);
    assert.equal(await readFile(path.join(ws, 'report.txt'), 'utf8'), 'travelling');
    assert.equal(await exists(path.join(second, 'report.txt')), false);
  });
});
