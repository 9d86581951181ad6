import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import type { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import type { ChangeRecord } from '../../../main/core/history/change-record.ts';
import { isHistoryError } from '../../../main/core/history/history-error.ts';
import {
  DEFAULT_HISTORY_LIMITS,
  formatSize,
  totalBudget,
  whyNotKept,
} from '../../../main/core/history/history-limits.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { callOf, exists, filesBelow, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

const MiB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The blob a write's record kept. */
/**
 * The change as history has it once its bookkeeping after the answer is done: the answer
 * comes before the old version is hashed.
 */
async function finished(journal: ChangeJournal, answered: ChangeRecord): Promise<ChangeRecord> {
  await journal.settled();
  return journal.mustRead(answered.id);
}

function keptSha(record: ChangeRecord): string {
  const step = record.steps[0];
  assert.equal(step?.kind, 'file');
  return step.sha256;
}

/** Content stored after a prune began is spared by it (a record may be on its way): wait past that. */
const pastPruneSlack = () => sleep(80);

/**
 * A history whose clock reads 31 days after one change (`old`) and 11 days after another
 * (`recent`): past the default age limit of 30 days for the first only.
 */
async function anOldAndARecentChange() {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const { ws, journal, policy } = await sameDiskLayout({ clock: () => now });
  const agent = agentOf(journal, policy);
  await put(ws, 'old.txt', 'old content');
  // Each write's finish (and the prune it may call for) is done after its answer: done
  // before the clock moves, as it is in a moment on a real clock.
  const old = await finished(journal, await agent.write('old.txt', 'x'));
  now += 20 * DAY_MS;
  await put(ws, 'recent.txt', 'recent content');
  const recent = await agent.write('recent.txt', 'y');
  await journal.settled();
  now += 11 * DAY_MS;
  return { journal, old, recent };
}

describe('the history limits', () => {
  it('default to 256 MB a file, 5 GB in all, and 30 days', () => {
    assert.deepEqual(DEFAULT_HISTORY_LIMITS, {
      maxFileBytes: 256 * MiB,
      maxTotalBytes: 5 * 1024 * MiB,
      maxAgeDays: 30,
    });
  });

  it('never let history use more than half of the free space', () => {
    assert.deepEqual(totalBudget(DEFAULT_HISTORY_LIMITS, 0, 100 * 1024 * MiB), {
      bytes: 5 * 1024 * MiB,
      byDisk: false,
    });
    assert.deepEqual(totalBudget(DEFAULT_HISTORY_LIMITS, 10 * MiB, 2 * 1024 * MiB), {
      bytes: 10 * MiB + 1024 * MiB,
      byDisk: true,
    });
  });

  it('give the reason in plain words', () => {
    const budget = totalBudget(DEFAULT_HISTORY_LIMITS, 0, 100 * 1024 * MiB);
    assert.equal(
      whyNotKept(
        { what: 'file', bytes: 300 * MiB, largestFile: 300 * MiB },
        DEFAULT_HISTORY_LIMITS,
        budget,
      ),
      'The file was 300 MB, more than the 256 MB history keeps per file.',
    );
    assert.equal(
      whyNotKept(
        { what: 'folder', bytes: 6 * 1024 * MiB, largestFile: MiB },
        DEFAULT_HISTORY_LIMITS,
        budget,
      ),
      'The folder was 6 GB, more than the 5 GB history keeps in all.',
    );
    assert.equal(formatSize(1536), '1.5 KB');
  });
});

describe('a change over the per-file cap', () => {
  const limits = { ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 1024 };

  it('still happens, but its record says it cannot be undone and why', async () => {
    const { ws, journal, policy } = await sameDiskLayout({ limits });
    await put(ws, 'big.bin', Buffer.alloc(2048, 7));
    const change = await agentOf(journal, policy).write('big.bin', 'small now');
    assert.equal(await readFile(path.join(ws, 'big.bin'), 'utf8'), 'small now');
    assert.equal(change.undoable, false);
    assert.equal(change.reason, 'The file was 2 KB, more than the 1 KB history keeps per file.');
    assert.deepEqual(await filesBelow(journal.store.root), []);
    await assert.rejects(restoreChange(journal, policy, change.id), (error) => {
      assert.ok(isHistoryError(error, 'not_undoable'));
      assert.match(error.message, /cannot be undone: The file was 2 KB/);
      return true;
    });
  });

  it('says so before the change, so the tool can tell the agent', async () => {
    const { ws, journal, policy } = await sameDiskLayout({ limits });
    await put(ws, 'big.bin', Buffer.alloc(2048, 7));
    const target = await policy.resolveForCreate('big.bin');
    const pending = await changeRecorder(journal, callOf('write_file')).beforeWrite(target);
    assert.equal(pending.undoable, false);
    assert.match(pending.reason ?? '', /more than the 1 KB history keeps per file/);
    await pending.abandon();
  });

  it('deletes a folder holding a file over the cap for good, and says so', async () => {
    const { ws, journal, policy } = await sameDiskLayout({ limits });
    await put(ws, 'media/clip.bin', Buffer.alloc(4096, 1));
    const change = await agentOf(journal, policy).delete('media');
    assert.equal(await exists(path.join(ws, 'media')), false);
    assert.equal(change.undoable, false);
    assert.equal(
      change.reason,
      'A file in the folder was 4 KB, more than the 1 KB history keeps per file.',
    );
    assert.deepEqual(await filesBelow(journal.payloadsFolder), []);
  });
});

describe('pruning', () => {
  it('removes the oldest changes first until history fits its total cap, and their content with them', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    const made: ChangeRecord[] = [];
    for (const name of ['first', 'second', 'third']) {
      await put(ws, `${name}.txt`, `the ${name} version`.padEnd(40, '.'));
      made.push(await finished(journal, await agent.write(`${name}.txt`, 'replaced')));
    }
    await pastPruneSlack();
    const report = await journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxTotalBytes: 100 });
    assert.deepEqual(report.removed, [made[0]?.id]);
    assert.equal(report.keptBytes, 80);
    assert.equal(await journal.read(made[0]!.id), undefined);
    assert.equal(await exists(journal.store.blobPath(keptSha(made[0]!))), false);
    for (const kept of made.slice(1)) {
      assert.equal((await journal.read(kept.id))?.id, kept.id);
      assert.equal(await exists(journal.store.blobPath(keptSha(kept))), true);
    }
  });

  it('removes changes older than the age limit', async () => {
    const { journal, old, recent } = await anOldAndARecentChange();
    await pastPruneSlack();
    const report = await journal.prune();
    assert.deepEqual(report.removed, [old.id]);
    assert.equal(await exists(journal.store.blobPath(keptSha(old))), false);
    assert.equal((await journal.read(recent.id))?.id, recent.id);
  });

  it('keeps content another kept change still refers to', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', 'the same words');
    await put(ws, 'b.txt', 'the same words');
    const first = await agent.write('a.txt', 'x');
    const second = await agent.write('b.txt', 'y');
    await pastPruneSlack();
    await journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxTotalBytes: 14 });
    const report = await journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxTotalBytes: 13 });
    assert.deepEqual(report.removed, [first.id, second.id]);
    await journal.setLimits(DEFAULT_HISTORY_LIMITS);
    assert.deepEqual(await filesBelow(journal.store.root), []);
  });

  it('prunes to new limits even while a prune under the old ones is under way', async () => {
    const { journal, old, recent } = await anOldAndARecentChange();
    // The prune under the 30 days of the defaults is held at its first removal, past the
    // point where it has read the limits.
    let reached = () => {};
    let letGo = () => {};
    const atRemoval = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const remove = journal.remove.bind(journal);
    journal.remove = async (record) => {
      reached();
      await held;
      return remove(record);
    };
    const underWay = journal.prune();
    await atRemoval;
    const tighter = journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxAgeDays: 7 });
    letGo();
    assert.deepEqual((await underWay).removed, [old.id]);
    assert.deepEqual((await tighter).removed, [recent.id]);
    assert.equal(await journal.read(recent.id), undefined);
  });

  it('never removes a change still being made', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const { ws, journal, policy } = await sameDiskLayout({ clock: () => now });
    await put(ws, 'a.txt', 'being changed');
    const target = await policy.resolveForCreate('a.txt');
    const call = callOf('write_file');
    const pending = await changeRecorder(journal, call).beforeWrite(target);
    now += 40 * DAY_MS;
    await pastPruneSlack();
    const report = await journal.prune();
    assert.deepEqual(report.removed, []);
    assert.equal((await journal.read(call.id))?.status, 'pending');
    await pending.abandon();
  });
});
