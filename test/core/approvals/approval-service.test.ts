import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import type { ApprovalAsk } from '../../../main/core/approvals/approval-ask.ts';
import {
  ApprovalService,
  type ApprovalTiming,
} from '../../../main/core/approvals/approval-service.ts';
import { callKey } from '../../../main/core/approvals/canonical-call.ts';
import { deleteAsk } from '../../helpers/approval-asks.ts';
import type { AuditEntry } from '../../../main/core/audit/audit-record.ts';
import type { Requester } from '../../../preload/contract/approval-views.ts';

const claude: Requester = { client: 'claude-ai 0.12', transport: 'socket' };
const cursor: Requester = { client: 'cursor 1.2', transport: 'socket' };

const TAXES = '/home/ann/Taxes 2024';

/** Deleting `name` in the Taxes folder (or `options.workspace`), asked by claude-ai. */
function ask(name: string, options: Partial<ApprovalAsk> = {}): ApprovalAsk {
  return deleteAsk(options.workspace ?? TAXES, name, { requester: claude, ...options });
}

const services: ApprovalService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.close();
});

function makeService(timing: ApprovalTiming = { waitMs: 2000, pendingMs: 5000 }) {
  const records: AuditEntry[] = [];
  const service = new ApprovalService({
    timing: () => timing,
    record: async (entry) => void records.push(entry),
    standingMs: 60_000,
  });
  services.push(service);
  const decisions = () => records.map((entry) => entry.detail?.decision);
  return { service, records, decisions };
}

const never = new AbortController().signal;

/** The id of the one request waiting now. */
function onlyPending(service: ApprovalService): string {
  const { pending } = service.view();
  assert.equal(pending.length, 1, 'exactly one request waits');
  return (pending[0] as { id: string }).id;
}

async function untilPending(service: ApprovalService, count = 1): Promise<void> {
  while (service.view().pending.length < count) await sleep(2);
}

describe('ApprovalService: a call waits for the person', () => {
  it('goes ahead once the person allows it, and both steps are recorded', async () => {
    const { service, records, decisions } = makeService();
    const verdict = service.ask(ask('report.pdf'), never);
    await untilPending(service);
    const id = onlyPending(service);
    await service.decide(id, 'allow-once');
    assert.deepEqual(await verdict, { granted: true, approvalId: id, scope: 'once' });
    assert.deepEqual(decisions(), ['asked', 'allowed']);
    const allowed = records[1] as AuditEntry;
    assert.equal(allowed.event, 'approval');
    assert.equal(allowed.outcome, 'ok');
    assert.equal(allowed.client, 'claude-ai 0.12');
    assert.equal(allowed.tool, 'delete_file');
    assert.equal(allowed.detail?.scope, 'once');
    assert.equal(allowed.detail?.approval, id);
    assert.equal(typeof allowed.durationMs, 'number');
    assert.deepEqual(service.view().pending, []);
  });

  it('is refused when the person denies it', async () => {
    const { service, records, decisions } = makeService();
    const verdict = service.ask(ask('report.pdf'), never);
    await untilPending(service);
    await service.decide(onlyPending(service), 'deny');
    assert.deepEqual(await verdict, {
      granted: false,
      refusal: 'denied',
      approvalId: records[0]?.detail?.approval,
    });
    assert.deepEqual(decisions(), ['asked', 'denied']);
    assert.equal(records[1]?.outcome, 'denied');
  });

  it('shows the person what was asked, with its preview and its time limits', async () => {
    const { service } = makeService({ waitMs: 2000, pendingMs: 5000 });
    void service.ask(ask('report.pdf'), never);
    await untilPending(service);
    const [request] = service.view().pending;
    assert.ok(request);
    assert.equal(request.path, '/home/ann/Taxes 2024/report.pdf');
    assert.equal(request.action, 'delete');
    assert.deepEqual(request.preview, ask('x').preview);
    assert.equal(request.expiresAt - request.askedAt, 5000);
    assert.equal(request.calls, 1);
    assert.equal(service.waitingCount, 1);
  });

  it('refuses a decision on a request that is no longer waiting', async () => {
    const { service } = makeService();
    await assert.rejects(service.decide('0123456789ab', 'allow-once'), { code: 'not_waiting' });
  });
});

describe('ApprovalService: an answer that comes after the call gave up', () => {
  it('tells the call it is waiting, keeps the request, and lets the same call through once after a late OK', async () => {
    const { service, decisions } = makeService({ waitMs: 30, pendingMs: 5000 });
    const first = await service.ask(ask('report.pdf'), never);
    assert.equal(first.granted, false);
    assert.equal(!first.granted && first.refusal, 'waiting');
    const id = onlyPending(service);
    await service.decide(id, 'allow-once');
    assert.deepEqual(await service.ask(ask('report.pdf'), never), {
      granted: true,
      approvalId: id,
      scope: 'once',
    });
    // Once: the next identical call is a new request.
    const third = await service.ask(ask('report.pdf'), never);
    assert.equal(!third.granted && third.refusal, 'waiting');
    assert.notEqual(onlyPending(service), id);
    assert.deepEqual(decisions(), ['asked', 'allowed', 'asked']);
  });

  it('never lets a call with other arguments ride on that OK', async () => {
    const { service } = makeService({ waitMs: 30, pendingMs: 5000 });
    await service.ask(ask('report.pdf'), never);
    await service.decide(onlyPending(service), 'allow-once');
    const other = await service.ask(ask('report.pdf.bak'), never);
    assert.equal(other.granted, false);
    const fromAnother = await service.ask(
      ask('report.pdf', {
        requester: cursor,
        callKey: callKey(cursor, 'delete_file', { path: 'report.pdf' }),
      }),
      never,
    );
    assert.equal(fromAnother.granted, false);
  });

  it('tells the retry of a call the person denied meanwhile that it was declined', async () => {
    const { service } = makeService({ waitMs: 30, pendingMs: 5000 });
    await service.ask(ask('report.pdf'), never);
    await service.decide(onlyPending(service), 'deny');
    const retry = await service.ask(ask('report.pdf'), never);
    assert.equal(!retry.granted && retry.refusal, 'denied');
  });

  it('lets an unanswered request expire, records it, and says so to the retry', async () => {
    const { service, records, decisions } = makeService({ waitMs: 20, pendingMs: 80 });
    await service.ask(ask('report.pdf'), never);
    while (service.view().pending.length > 0) await sleep(5);
    assert.deepEqual(decisions(), ['asked', 'expired']);
    assert.equal(records[1]?.outcome, 'denied');
    assert.ok((records[1]?.durationMs ?? 0) >= 70);
    const retry = await service.ask(ask('report.pdf'), never);
    assert.equal(!retry.granted && retry.refusal, 'expired');
    // Said once; after that the call is asked about afresh.
    const again = await service.ask(ask('report.pdf'), never);
    assert.equal(!again.granted && again.refusal, 'waiting');
  });

  it('ends the wait when the client cancels the call, and keeps the request', async () => {
    const { service } = makeService({ waitMs: 5000, pendingMs: 10_000 });
    const cancel = new AbortController();
    const verdict = service.ask(ask('report.pdf'), cancel.signal);
    await untilPending(service);
    cancel.abort();
    const answer = await verdict;
    assert.equal(!answer.granted && answer.refusal, 'waiting');
    assert.equal(service.view().pending.length, 1);
  });
});

describe('ApprovalService: floods', () => {
  it('merges identical requests into one, and answers every call waiting on it', async () => {
    const { service } = makeService();
    const calls = [1, 2, 3].map(() => service.ask(ask('report.pdf'), never));
    while ((service.view().pending[0]?.calls ?? 0) < 3) await sleep(2);
    await service.decide(onlyPending(service), 'allow-once');
    for (const verdict of await Promise.all(calls)) assert.equal(verdict.granted, true);
  });

  it('refuses a client past five waiting requests at once, with a record, and not another client', async () => {
    const { service, decisions } = makeService();
    for (let i = 0; i < 5; i += 1) void service.ask(ask(`file-${i}.txt`), never);
    await untilPending(service, 5);
    const sixth = await service.ask(ask('file-5.txt'), never);
    assert.equal(!sixth.granted && sixth.refusal, 'flood');
    assert.equal(decisions().filter((step) => step === 'refused').length, 1);
    const other = { requester: cursor, callKey: callKey(cursor, 'delete_file', { path: 'x' }) };
    void service.ask(ask('x', other), never);
    await untilPending(service, 6);
  });
});

describe('ApprovalService: a flood from apps that name themselves anew', () => {
  it('holds at most twenty requests in all, whatever the names', async () => {
    const { service } = makeService();
    const named = (i: number) => {
      const requester: Requester = { client: `app ${i}`, transport: 'socket' };
      return ask('a.txt', { requester, callKey: callKey(requester, 'delete_file', { i }) });
    };
    for (let i = 0; i < 20; i += 1) void service.ask(named(i), never);
    await untilPending(service, 20);
    const extra = await service.ask(named(20), never);
    assert.equal(!extra.granted && extra.refusal, 'flood');
    assert.equal(service.view().pending.length, 20);
  });
});

describe('ApprovalService: "Allow this app to change files in this folder for 1 hour"', () => {
  it('lets that app change that folder without asking, until the person revokes it', async () => {
    const { service, decisions } = makeService();
    const first = service.ask(ask('a.txt'), never);
    await untilPending(service);
    const id = onlyPending(service);
    await service.decide(id, 'allow-hour');
    assert.deepEqual(await first, { granted: true, approvalId: id, scope: 'hour' });
    assert.deepEqual(await service.ask(ask('b.txt'), never), {
      granted: true,
      approvalId: id,
      scope: 'hour',
    });
    const [standing] = service.view().standing;
    assert.equal(standing?.workspace, '/home/ann/Taxes 2024');
    assert.equal(standing?.requester.client, 'claude-ai 0.12');
    await service.revoke(id);
    assert.deepEqual(service.view().standing, []);
    const afterRevoke = service.ask(ask('c.txt'), never);
    await untilPending(service);
    await service.decide(onlyPending(service), 'deny');
    assert.equal((await afterRevoke).granted, false);
    assert.deepEqual(decisions(), ['asked', 'allowed', 'revoked', 'asked', 'denied']);
  });

  it('covers neither another folder, nor another app, nor a launch point', async () => {
    const { service } = makeService({ waitMs: 20, pendingMs: 5000 });
    const first = service.ask(ask('a.txt'), never);
    await untilPending(service);
    await service.decide(onlyPending(service), 'allow-hour');
    await first;
    const elsewhere = await service.ask(ask('a.txt', { workspace: '/home/ann/Photos' }), never);
    assert.equal(elsewhere.granted, false);
    const other = { requester: cursor, callKey: callKey(cursor, 'delete_file', { path: 'a.txt' }) };
    assert.equal((await service.ask(ask('a.txt', other), never)).granted, false);
    const hook = await service.ask(ask('.git/hooks/pre-commit', { launchPoint: true }), never);
    assert.equal(hook.granted, false);
  });

  it('is never given on a launch point', async () => {
    const { service } = makeService();
    void service.ask(ask('.bashrc', { launchPoint: true }), never);
    await untilPending(service);
    await assert.rejects(service.decide(onlyPending(service), 'allow-hour'), {
      code: 'not_for_launch_points',
    });
    assert.equal(service.view().pending.length, 1);
  });
});

describe('ApprovalService: Pause all access', () => {
  it('denies everything waiting, asks nothing while paused, and asks again after resume', async () => {
    const { service, records } = makeService();
    const waiting = [service.ask(ask('a.txt'), never), service.ask(ask('b.txt'), never)];
    await untilPending(service, 2);
    await service.pause();
    for (const verdict of await Promise.all(waiting)) {
      assert.equal(!verdict.granted && verdict.refusal, 'paused');
    }
    assert.deepEqual(service.view().pending, []);
    assert.equal(records.filter((entry) => entry.reason === 'access paused').length, 2);
    const duringPause = await service.ask(ask('c.txt'), never);
    assert.equal(!duringPause.granted && duringPause.refusal, 'paused');
    service.resume();
    void service.ask(ask('c.txt'), never);
    await untilPending(service);
  });

  it('drops an OK not yet taken, so a retry after the pause asks again', async () => {
    const { service } = makeService({ waitMs: 20, pendingMs: 5000 });
    await service.ask(ask('a.txt'), never);
    await service.decide(onlyPending(service), 'allow-once');
    await service.pause();
    service.resume();
    const retry = await service.ask(ask('a.txt'), never);
    assert.equal(retry.granted, false);
  });
});

describe('ApprovalService: the audit log comes first', () => {
  it('asks nobody when the request cannot be recorded', async () => {
    const service = new ApprovalService({
      timing: () => ({ waitMs: 1000, pendingMs: 1000 }),
      record: () => Promise.reject(new Error('disk full')),
    });
    services.push(service);
    await assert.rejects(service.ask(ask('a.txt'), never), /disk full/);
    assert.deepEqual(service.view().pending, []);
  });

  it('keeps a request waiting when its decision cannot be recorded', async () => {
    let fail = false;
    const service = new ApprovalService({
      timing: () => ({ waitMs: 1000, pendingMs: 5000 }),
      record: () => (fail ? Promise.reject(new Error('disk full')) : Promise.resolve()),
    });
    services.push(service);
    const verdict = service.ask(ask('a.txt'), never);
    await untilPending(service);
    fail = true;
    await assert.rejects(service.decide(onlyPending(service), 'allow-once'), /disk full/);
    assert.equal(service.view().pending.length, 1);
    fail = false;
    await service.decide(onlyPending(service), 'deny');
    assert.equal((await verdict).granted, false);
  });
});

describe('ApprovalService: the servers restart', () => {
  it('tells every waiting call it is still waiting, and keeps the requests for the person', async () => {
    const { service } = makeService({ waitMs: 60_000, pendingMs: 60_000 });
    const waiting = [service.ask(ask('a.txt'), never), service.ask(ask('b.txt'), never)];
    await untilPending(service, 2);
    service.release();
    for (const verdict of await Promise.all(waiting)) {
      assert.equal(!verdict.granted && verdict.refusal, 'waiting');
    }
    assert.equal(service.view().pending.length, 2);
    // Allowed now, the retry after the restart goes through.
    const [first] = service.view().pending;
    await service.decide(first!.id, 'allow-once');
    assert.equal((await service.ask(ask('a.txt'), never)).granted, true);
  });
});
