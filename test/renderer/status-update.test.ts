// How the window keeps its status when a call answers with part of it: the folders a call
// returned are laid over the newest status, so a pause or a client that main announced
// while the call ran is not overwritten by the status the screen saw when it began.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppStatus } from '../../renderer/app/status-text.ts';
import { applyStatusUpdate, withWorkspaces } from '../../renderer/app/status-update.ts';

const running: AppStatus = {
  paused: false,
  transports: [{ transport: 'socket', state: 'listening', address: '/data/airlock.sock' }],
  clientsConnected: 0,
  clients: [],
  lastActivity: null,
  workspaces: [{ path: '/home/ann/Notes', access: 'read', available: true }],
  approvalsWaiting: 0,
  settingsRecovered: null,
};

describe("the window's status after a call", () => {
  it('keeps a pause that came in while a folder call ran, and takes the folders it answered', () => {
    // The screen saw `running` when the person shared a folder; then main said "paused".
    const paused: AppStatus = { ...running, paused: true };
    const answered = [
      ...running.workspaces,
      { path: '/home/ann/Recipes', access: 'write' as const, available: true },
    ];
    const after = applyStatusUpdate(paused, withWorkspaces(answered));
    assert.deepEqual(after, { ...paused, workspaces: answered });
  });

  it('keeps clients that connected while the call ran', () => {
    const client = { name: 'Cursor', transport: 'http' as const, since: '2025-01-01T10:00:00Z' };
    const connected: AppStatus = { ...running, clientsConnected: 1, clients: [client] };
    const after = applyStatusUpdate(connected, withWorkspaces([]));
    assert.equal(after?.clientsConnected, 1);
    assert.deepEqual(after?.clients, [client]);
    assert.deepEqual(after?.workspaces, []);
  });

  it('takes a whole status as it is (the kill switch answers with one)', () => {
    const fresh: AppStatus = { ...running, paused: true };
    assert.equal(applyStatusUpdate(running, fresh), fresh);
    assert.equal(applyStatusUpdate(undefined, fresh), fresh);
  });

  it('changes nothing before the first status is known', () => {
    assert.equal(applyStatusUpdate(undefined, withWorkspaces([])), undefined);
  });
});
