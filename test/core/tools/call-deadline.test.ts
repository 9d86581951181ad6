import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { startCallDeadline } from '../../../main/core/tools/call-deadline.ts';

describe("a call's time limit", () => {
  it('stops the call once its time is up', async () => {
    const deadline = startCallDeadline(new AbortController().signal, 30);
    await sleep(60);
    assert.equal(deadline.signal.aborted, true);
    deadline.dispose();
  });

  it("does not count the time spent waiting for the person's OK, and counts the rest", async () => {
    const deadline = startCallDeadline(new AbortController().signal, 60);
    await sleep(20);
    await deadline.paused(sleep(120));
    assert.equal(deadline.signal.aborted, false, 'the wait was not counted');
    await sleep(80);
    assert.equal(deadline.signal.aborted, true, 'what was left of the limit still applies');
    deadline.dispose();
  });

  it("still ends on the client's cancel while it waits", async () => {
    const cancel = new AbortController();
    const deadline = startCallDeadline(cancel.signal, 10_000);
    const waiting = deadline.paused(sleep(30));
    cancel.abort();
    await waiting;
    assert.equal(deadline.signal.aborted, true);
    deadline.dispose();
  });

  it('starts no timer again once disposed', async () => {
    const deadline = startCallDeadline(new AbortController().signal, 20);
    const waiting = deadline.paused(sleep(10));
    deadline.dispose();
    await waiting;
    await sleep(40);
    assert.equal(deadline.signal.aborted, false);
  });
});
