// How a change waiting for the person's OK is made seen: the window comes forward when the
// person can see it; when it is hidden, a system notification says who asks what, and
// clicking it opens the window. Each request is announced once, and the notification goes
// once nothing waits.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApprovalService } from '../../main/core/approvals/approval-service.ts';
import { alertApprovals } from '../../main/shell/approval-alerts.ts';
import type { Requester } from '../../preload/contract/approval-views.ts';
import { CLAUDE, deleteAsk } from '../helpers/approval-asks.ts';
import { FakeNotification } from './fake-electron.ts';

const claude: Requester = CLAUDE;

/** Deleting `name` in the Taxes folder, asked by `requester`. */
const deleteIn = (name: string, requester: Requester = claude) =>
  deleteAsk('/home/ann/Taxes 2024', name, { requester });

/** The window as the alerts see it: whether it shows, and what was done to it. */
class WindowStandIn {
  visible = false;
  broughtForward = 0;
  shown = 0;
  bringForward(): void {
    this.broughtForward += 1;
  }
  show(): void {
    this.shown += 1;
    this.visible = true;
  }
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  FakeNotification.shown.length = 0;
  FakeNotification.instances.length = 0;
});

function alertsUnderTest() {
  const approvals = new ApprovalService({
    timing: () => ({ waitMs: 5000, pendingMs: 60_000 }),
    record: async () => undefined,
  });
  const window = new WindowStandIn();
  const stop = alertApprovals({
    approvals,
    window,
    notifier: {
      isSupported: () => true,
      create: (options) => new FakeNotification(options) as never,
    },
  });
  const never = new AbortController();
  stops.push(
    stop,
    () => never.abort(),
    () => approvals.close(),
  );
  const ask = (name: string, requester = claude) =>
    void approvals.ask(deleteIn(name, requester), never.signal);
  return { approvals, window, ask };
}

async function untilPending(approvals: ApprovalService, count: number): Promise<void> {
  while (approvals.view().pending.length < count) await sleep(2);
}

describe('a change waiting for your OK is made seen', () => {
  it('brings the window forward when the person can see it, and notifies nothing', async () => {
    const { approvals, window, ask } = alertsUnderTest();
    window.visible = true;
    ask('report.pdf');
    await untilPending(approvals, 1);
    assert.equal(window.broughtForward, 1);
    assert.equal(FakeNotification.shown.length, 0);
  });

  it('notifies who asks what, and where, while the window is hidden; a click opens it', async () => {
    const { approvals, window, ask } = alertsUnderTest();
    ask('report.pdf');
    await untilPending(approvals, 1);
    assert.deepEqual(FakeNotification.shown, [
      {
        title: 'Claude Desktop asks to delete report.pdf',
        body: 'In the folder Taxes 2024. Open Airlock to allow or deny it.',
      },
    ]);
    assert.equal(window.broughtForward, 0);
    FakeNotification.instances[0]?.click();
    assert.equal(window.shown, 1);
  });

  it('announces each request once: a merged identical call or an answer announces nothing', async () => {
    const { approvals, window, ask } = alertsUnderTest();
    window.visible = true;
    ask('report.pdf');
    await untilPending(approvals, 1);
    ask('report.pdf');
    while ((approvals.view().pending[0]?.calls ?? 0) < 2) await sleep(2);
    assert.equal(window.broughtForward, 1);
    ask('summary.pdf');
    await untilPending(approvals, 2);
    assert.equal(window.broughtForward, 2);
    await approvals.decide(approvals.view().pending[0]?.id ?? '', 'deny');
    assert.equal(window.broughtForward, 2);
  });

  it('says how many wait, replaces the older notification, and closes it once none waits', async () => {
    const { approvals, ask } = alertsUnderTest();
    ask('a.pdf');
    await untilPending(approvals, 1);
    ask('b.pdf', { client: 'Cursor', transport: 'http', keyName: 'cursor' });
    await untilPending(approvals, 2);
    const [first, second] = FakeNotification.instances;
    assert.equal(first?.closed, true);
    assert.equal(second?.options.title, 'Cursor asks to delete b.pdf');
    assert.match(second?.options.body ?? '', /2 changes waiting for your OK\.$/);
    for (const request of approvals.view().pending) await approvals.decide(request.id, 'deny');
    assert.equal(second?.closed, true);
  });
});
