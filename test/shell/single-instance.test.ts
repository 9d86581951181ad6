// One Airlock per person: a second launch quits and the first shows its window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimSingleInstance } from '../../main/shell/single-instance.ts';
import { FakeApp } from './fake-electron.ts';

describe('the single-instance lock', () => {
  it('lets the first launch run, and shows its window when a second launch comes', () => {
    const app = new FakeApp();
    let shown = 0;
    assert.equal(
      claimSingleInstance(app as never, () => (shown += 1)),
      true,
    );
    assert.equal(app.quitRequests, 0);
    app.emit('second-instance', {}, ['airlock'], '/');
    app.emit('second-instance', {}, ['airlock'], '/');
    assert.equal(shown, 2);
  });

  it('quits a launch that does not get the lock, and listens for nothing', () => {
    const app = new FakeApp();
    app.lockGranted = false;
    let shown = 0;
    assert.equal(
      claimSingleInstance(app as never, () => (shown += 1)),
      false,
    );
    assert.equal(app.quitRequests, 1);
    assert.equal(app.listenerCount('second-instance'), 0);
  });
});
