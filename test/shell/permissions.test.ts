// The window needs no permission: every request and every check is answered no.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from 'electron';
import { denyAllPermissions } from '../../main/shell/permissions.ts';
import { FakeSession } from './fake-electron.ts';

describe('permissions', () => {
  const session = new FakeSession();
  denyAllPermissions(session as unknown as Session);

  for (const permission of [
    'media',
    'notifications',
    'clipboard-read',
    'geolocation',
    'openExternal',
    'fullscreen',
  ]) {
    it(`denies a request for ${permission}`, () => {
      let granted: boolean | undefined;
      session.requestHandler?.({}, permission, (answer) => (granted = answer));
      assert.equal(granted, false);
    });

    it(`answers a check for ${permission} with no`, () => {
      assert.equal(session.checkHandler?.({}, permission), false);
    });
  }

  it('denies every device (USB, HID, serial)', () => {
    assert.equal(session.deviceHandler?.({ deviceType: 'usb' }), false);
  });
});
