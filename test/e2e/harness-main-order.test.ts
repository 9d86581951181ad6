// The UI harness carries replies and events on separate requests; MainOrder hands them to
// the page in the order main sent them, as Electron's single pipe does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MainOrder,
  REPLY_MARKER,
  type NumberedEvent,
} from '../../scripts/ui-harness/main-order.ts';

const PAGE = 'page-a';

/** Order alone: the next task runs at once, so what was handed on can be read right away. */
function ordered() {
  const seen: string[] = [];
  const order = new MainOrder<string>(PAGE, {
    event: (item) => seen.push(`event ${item.seq}`),
    reply: (id, reply) => seen.push(`reply ${id}: ${reply}`),
    nextTask: (then) => then(),
  });
  return { order, seen };
}

const event = (seq: number): NumberedEvent => ({ seq, event: 'statusChanged', payload: seq });
const marker = (seq: number, id: number, page = PAGE): NumberedEvent => ({
  seq,
  event: REPLY_MARKER,
  payload: { page, id },
});

describe("the UI harness keeps main's order between replies and events", () => {
  it('passes events on at once while no reply marker holds them', () => {
    const { order, seen } = ordered();
    order.events([event(1), event(2)]);
    assert.deepEqual(seen, ['event 1', 'event 2']);
    assert.equal(order.received, 2);
  });

  it('holds an event main sent after a reply until that reply, however late it comes', () => {
    const { order, seen } = ordered();
    order.events([marker(1, 7), event(2)]);
    assert.deepEqual(seen, []);
    order.replied(7, 'running', 1);
    assert.deepEqual(seen, ['reply 7: running', 'event 2']);
  });

  it('holds a reply until every event main sent before it has arrived', () => {
    const { order, seen } = ordered();
    order.replied(7, 'paused', 3);
    order.events([event(1)]);
    assert.deepEqual(seen, ['event 1']);
    order.events([event(2), marker(3, 7), event(4)]);
    assert.deepEqual(seen, ['event 1', 'event 2', 'reply 7: paused', 'event 4']);
  });

  it('ends on the tray’s pause when the window’s resume reply is overtaken by it', async () => {
    // As in the page: the reply settles a promise, and the status is set by the code awaiting it.
    let shown = '';
    let settle: (reply: string) => void = () => undefined;
    const answer = new Promise<string>((resolve) => (settle = resolve));
    const order = new MainOrder<string>(PAGE, {
      event: (item) => (shown = String(item.payload)),
      reply: (_id, reply) => settle(reply),
      nextTask: (then) => setTimeout(then, 0),
    });
    const windowResumes = (async () => (shown = await answer))();
    order.events([{ seq: 1, event: 'statusChanged', payload: 'Running.' }]);
    order.events([marker(2, 1)]); // main answers the window
    order.events([{ seq: 3, event: 'statusChanged', payload: 'Paused.' }]); // the tray pauses
    order.replied(1, 'Running.', 2); // the window's answer comes last
    await windowResumes;
    await sleep(10);
    assert.equal(shown, 'Paused.');
  });

  it('does not wait for replies to another page, or markers of replies handed on already', () => {
    const { order, seen } = ordered();
    order.events([marker(1, 7, 'page-b'), event(2)]);
    assert.deepEqual(seen, ['event 2']);
    order.replied(8, 'bridge failed');
    order.events([marker(3, 8), event(4)]);
    assert.deepEqual(seen, ['event 2', 'reply 8: bridge failed', 'event 4']);
  });

  it('hands a reply on when the stream has passed a marker the harness no longer kept', () => {
    const { order, seen } = ordered();
    order.replied(7, 'late', 5);
    assert.deepEqual(seen, []);
    order.events([event(9)]);
    assert.deepEqual(seen, ['event 9', 'reply 7: late']);
  });

  it('ignores an item it has had already, a second reply, and a reply already handed on', () => {
    const { order, seen } = ordered();
    order.events([event(1)]);
    order.events([event(1), marker(2, 7)]);
    order.replied(7, 'once', 2);
    order.replied(7, 'twice', 2);
    assert.deepEqual(seen, ['event 1', 'reply 7: once']);
  });
});
