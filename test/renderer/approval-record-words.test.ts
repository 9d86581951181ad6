// Activity tells each request for the person's OK, and what became of it, as one sentence:
// "Claude Desktop asked to delete report.pdf in Taxes 2024 — you allowed it once". Its
// details say the answer in words too, never the log's codes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivityRecord } from '../../renderer/screens/activity/activity-words.ts';
import { whatHappened } from '../../renderer/screens/activity/activity-words.ts';
import { detailInWords } from '../../renderer/screens/activity/detail-words.ts';

function approval(
  decision: string,
  overrides: Partial<ActivityRecord> = {},
  detail: Record<string, unknown> = {},
): ActivityRecord {
  return {
    seq: 40,
    ts: '2026-03-04T10:02:00.000Z',
    event: 'approval',
    outcome: decision === 'allowed' || decision === 'asked' ? 'ok' : 'denied',
    client: 'Claude Desktop',
    transport: 'socket',
    tool: 'delete_file',
    workspace: '/home/ann/Taxes 2024',
    paths: ['/home/ann/Taxes 2024/report.pdf'],
    detail: { approval: '0123456789ab', decision, action: 'delete', launchPoint: false, ...detail },
    ...overrides,
  };
}

describe('an approval record in Activity', () => {
  it('says who asked what, where, and the answer', () => {
    assert.equal(
      whatHappened(approval('allowed', {}, { scope: 'once' })),
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you allowed it once',
    );
    assert.equal(
      whatHappened(approval('allowed', {}, { scope: 'hour' })),
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you allowed it, and its changes in this folder for 1 hour',
    );
    assert.equal(
      whatHappened(approval('asked')),
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you were asked',
    );
    assert.equal(
      whatHappened(approval('denied', { reason: 'declined by the person' })),
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — you denied it',
    );
  });

  it('says a request expired unanswered, and after how long', () => {
    assert.equal(
      whatHappened(approval('expired', { durationMs: 600_000, reason: 'not answered in time' })),
      'Claude Desktop asked to delete report.pdf in Taxes 2024 — expired unanswered after 10 minutes',
    );
  });

  it('tells a denial by the pause, a refusal of a flood, and a revoked permission apart', () => {
    assert.match(
      whatHappened(approval('denied', { reason: 'access paused' })),
      /— denied when you paused all access$/,
    );
    assert.match(
      whatHappened(approval('refused', { reason: 'too many requests waiting (5)' })),
      /— refused at once: too many of its changes were already waiting for your OK$/,
    );
    assert.equal(
      whatHappened(approval('revoked')),
      'You ended Claude Desktop’s permission to change files in Taxes 2024 without asking',
    );
  });

  it('names a move’s destination and a file that can make programs run', () => {
    const move = approval(
      'allowed',
      { paths: ['/home/ann/Taxes 2024/a.txt', '/home/ann/Taxes 2024/old/b.txt'] },
      { action: 'move', scope: 'once' },
    );
    assert.match(
      whatHappened(move),
      /^Claude Desktop asked to move a\.txt to b\.txt in Taxes 2024/,
    );
    const hook = approval(
      'denied',
      { paths: ['/home/ann/Taxes 2024/.bashrc'] },
      {
        action: 'replace',
        launchPoint: true,
      },
    );
    assert.match(
      whatHappened(hook),
      /asked to replace \.bashrc \(a file that can make programs run\) in Taxes 2024/,
    );
  });

  it('falls back to the kind of record when it says too little', () => {
    assert.equal(whatHappened(approval('allowed', { paths: [] })), 'Asked for your OK');
    assert.equal(
      whatHappened(approval('allowed', {}, { action: 'format-disk' })),
      'Asked for your OK',
    );
  });

  it('gives the answer, what was asked and the calls in words in the details, and no code', () => {
    const entries = detailInWords(
      approval('allowed', {}, { scope: 'hour', launchPoint: false, calls: 3 }),
    );
    assert.deepEqual(entries, [
      { words: 'What was asked', value: 'delete report.pdf' },
      { words: 'Answer', value: 'Allowed for 1 hour' },
      { words: 'Asked', value: '3 times' },
      { words: 'Request', value: '0123456789ab' },
    ]);
    const hook = detailInWords(approval('expired', {}, { launchPoint: true }));
    assert.ok(hook.some((entry) => entry.words === 'Runs programs'));
    assert.ok(hook.some((entry) => entry.value === 'Expired unanswered'));
  });

  it('shows a kind of change it does not know as logged, rather than an empty line', () => {
    const entries = detailInWords(approval('allowed', {}, { action: 'format-disk' }));
    const asked = entries.find((entry) => entry.words === 'What was asked');
    assert.match(String(asked?.value), /^format-disk: .*report\.pdf$/);
  });
});
