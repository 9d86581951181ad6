// The preload's API: one invoke and one subscribe, reaching only the contract's channels,
// and never handing the page Electron's IPC event.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { createPreloadApi, type PreloadIpc } from '../../preload/create-preload-api.ts';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../preload/ipc-channels.ts';
import { ipcContract, ipcEvents } from '../../preload/ipc-contract.ts';
import { statusWith } from '../core/app/app-fixture.ts';

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: unknown[][] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return { ok: true, data: null };
  }
}

function api() {
  const ipc = new FakeIpcRenderer();
  return { ipc, api: createPreloadApi(ipc as unknown as PreloadIpc) };
}

describe('the preload API', () => {
  it('has exactly two members: invoke and subscribe', () => {
    assert.deepEqual(Object.keys(api().api).sort(), ['invoke', 'subscribe']);
  });

  it('sends a contract channel to main under its namespaced name', async () => {
    const { ipc, api: exposed } = api();
    await exposed.invoke('setPaused', { paused: true });
    await exposed.invoke('getStatus');
    assert.deepEqual(ipc.invoked, [['airlock:setPaused', { paused: true }], ['airlock:getStatus']]);
  });

  it('refuses any other channel without sending it', async () => {
    const { ipc, api: exposed } = api();
    const answer = await exposed.invoke('electron-store-get-data' as never);
    assert.deepEqual(answer, {
      ok: false,
      error: {
        code: 'invalid_request',
        message: '"electron-store-get-data" is not an Airlock channel.',
      },
    });
    assert.deepEqual(ipc.invoked, []);
  });

  it('hands a subscriber the payload only, until it unsubscribes', () => {
    const { ipc, api: exposed } = api();
    const heard: unknown[][] = [];
    const stop = exposed.subscribe('statusChanged', (...args: unknown[]) => heard.push(args));
    const status = statusWith({ paused: true });
    ipc.emit('airlock:statusChanged', { sender: 'the IPC event' }, status);
    stop();
    ipc.emit('airlock:statusChanged', { sender: 'the IPC event' }, statusWith());
    assert.deepEqual(heard, [[status]]);
    assert.equal(ipc.listenerCount('airlock:statusChanged'), 0);
  });

  it('refuses to subscribe to anything but the contract’s events', () => {
    assert.throws(
      () => api().api.subscribe('ipc-message' as never, () => undefined),
      /not an Airlock event/,
    );
  });
});

describe('the IPC contract', () => {
  it('has schemas for exactly the channels the preload lets through', () => {
    assert.deepEqual(Object.keys(ipcContract).sort(), [...INVOKE_CHANNELS].sort());
    assert.deepEqual(Object.keys(ipcEvents).sort(), [...EVENT_CHANNELS].sort());
  });

  it('does not let the window name a folder to add', () => {
    assert.equal(
      ipcContract.addWorkspace.request.safeParse({ access: 'read', path: '/' }).success,
      false,
    );
    assert.equal(ipcContract.updateSettings.request.safeParse({ workspaces: [] }).success, false);
  });
});
