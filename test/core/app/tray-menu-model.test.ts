// The tray menu as plain data: what Airlock is doing, the kill switch, the window,
// start at login and quit, in that order, each actionable item naming its action.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTrayMenu, trayTooltip } from '../../../main/core/app/tray-menu-model.ts';
import { statusWith } from './app-fixture.ts';

const formatTime = (iso: string) => iso.slice(11, 16);
const labels = (status = statusWith(), startAtLogin = false) =>
  buildTrayMenu({ status, startAtLogin, formatTime }).map((item) =>
    item.type === 'separator' ? '---' : item.label,
  );

describe('the tray menu model', () => {
  it('shows the status, then Pause all access, Open Airlock, Start at login and Quit', () => {
    assert.deepEqual(labels(), [
      'Running: agents can use your folders',
      'No clients connected',
      'No activity yet',
      '---',
      'Pause all access',
      'Open Airlock',
      '---',
      'Start at login',
      '---',
      'Quit Airlock',
    ]);
  });

  it('offers Resume access instead while access is paused, and says it is paused', () => {
    const menu = buildTrayMenu({
      status: statusWith({ paused: true }),
      startAtLogin: false,
      formatTime,
    });
    const access = menu.find((item) => item.id === 'access');
    assert.equal(access?.label, 'Resume access');
    assert.equal(access?.action, 'resume');
    assert.equal(menu[0]?.label, 'Paused: agents cannot use your folders');
  });

  it('wires Pause all access to the pause action', () => {
    const menu = buildTrayMenu({ status: statusWith(), startAtLogin: false, formatTime });
    assert.equal(menu.find((item) => item.id === 'access')?.action, 'pause');
  });

  it('counts the clients connected now', () => {
    assert.equal(labels(statusWith({ clientsConnected: 1 }))[1], '1 client connected');
    assert.equal(labels(statusWith({ clientsConnected: 3 }))[1], '3 clients connected');
  });

  it('names the last activity: when, which tool, which client, and a refusal', () => {
    const status = statusWith({
      lastActivity: {
        at: '2026-03-04T14:03:00.000Z',
        tool: 'read_text_file',
        client: 'claude-ai',
        outcome: 'denied',
      },
    });
    assert.equal(labels(status)[2], 'Last activity 14:03: read_text_file by claude-ai (denied)');
  });

  it('shows Start at login as a checkbox that follows the setting', () => {
    for (const startAtLogin of [true, false]) {
      const item = buildTrayMenu({ status: statusWith(), startAtLogin, formatTime }).find(
        (entry) => entry.id === 'start-at-login',
      );
      assert.equal(item?.type, 'checkbox');
      assert.equal(item?.checked, startAtLogin);
      assert.equal(item?.action, 'toggle-start-at-login');
    }
  });

  it('makes the status lines information only, and every other item clickable', () => {
    for (const item of buildTrayMenu({ status: statusWith(), startAtLogin: false, formatTime })) {
      if (item.type === 'separator') continue;
      assert.equal(item.enabled, item.action !== undefined, item.id);
    }
  });

  it('puts the state in the tooltip', () => {
    assert.equal(trayTooltip(statusWith()), 'Airlock: running');
    assert.equal(trayTooltip(statusWith({ paused: true })), 'Airlock: access paused');
  });

  it('puts the changes waiting for your OK first, and opens the window from there', () => {
    const menu = buildTrayMenu({
      status: statusWith({ approvalsWaiting: 1 }),
      startAtLogin: false,
      formatTime,
    });
    assert.deepEqual(menu[0], {
      id: 'approvals',
      type: 'normal',
      label: '1 change waiting for your OK',
      enabled: true,
      action: 'open-window',
    });
    assert.equal(menu[1]?.type, 'separator');
    assert.equal(menu[2]?.label, 'Running: agents can use your folders');
  });

  it('counts several waiting changes, and shows no such item when none waits', () => {
    assert.equal(labels(statusWith({ approvalsWaiting: 3 }))[0], '3 changes waiting for your OK');
    assert.ok(!labels().some((label) => /waiting for your OK/.test(label)));
  });

  it('says in the tooltip that changes wait', () => {
    assert.equal(
      trayTooltip(statusWith({ approvalsWaiting: 2 })),
      'Airlock: running, 2 changes waiting for your OK',
    );
  });
});
