import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { CallsInFlight } from '../../../main/core/server/calls-in-flight.ts';

describe('the calls under way', () => {
  it('are drained at once when there are none', async () => {
    const calls = new CallsInFlight();
    const started = Date.now();
    await calls.drained(5000);
    assert.ok(Date.now() - started < 100);
  });

  it('are drained when the last call leaves, not before', async () => {
    const calls = new CallsInFlight();
    calls.enter();
    calls.enter();
    let drained = false;
    const waiting = calls.drained(5000).then(() => (drained = true));
    calls.leave();
    await sleep(20);
    assert.equal(drained, false, 'one call is still under way');
    calls.leave();
    await waiting;
    assert.equal(calls.count, 0);
  });

  it('stop being waited for after the time given, so a stop never hangs on a call', async () => {
    const calls = new CallsInFlight();
    calls.enter();
    const started = Date.now();
    await calls.drained(50);
    assert.ok(Date.now() - started >= 45);
    assert.equal(calls.count, 1);
  });

  it('never count below zero', () => {
    const calls = new CallsInFlight();
    calls.leave();
    calls.enter();
    assert.equal(calls.count, 1);
  });
});
