// Finding the user's session bus for a server a client started with a minimal environment,
// where DBUS_SESSION_BUS_ADDRESS is missing. The end-to-end case (a real client, a real
// Secret Service) is test/integration/client-started-keychain.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  discoverSessionBus,
  findSessionBus,
  type SessionBusProbe,
} from '../../../main/core/platform/session-bus.ts';

const UID = 1000;

/** A file system holding the given sockets (path -> owner), and nothing else. */
function probeWith(sockets: Record<string, number>, notSockets: string[] = []): SessionBusProbe {
  return {
    uid: UID,
    stat: (file) => {
      if (file in sockets) return { isSocket: () => true, uid: sockets[file] as number };
      if (notSockets.includes(file)) return { isSocket: () => false, uid: UID };
      return undefined;
    },
  };
}

describe('finding the session bus', () => {
  it('takes $XDG_RUNTIME_DIR/bus first', () => {
    const probe = probeWith({ '/run/me/bus': UID, '/run/user/1000/bus': UID });
    assert.equal(findSessionBus({ XDG_RUNTIME_DIR: '/run/me' }, probe), 'unix:path=/run/me/bus');
  });

  it('falls back to /run/user/<uid>/bus, which is all a client-started server has', () => {
    const probe = probeWith({ '/run/user/1000/bus': UID });
    assert.equal(findSessionBus({}, probe), 'unix:path=/run/user/1000/bus');
    assert.equal(
      findSessionBus({ XDG_RUNTIME_DIR: '/run/empty' }, probe),
      'unix:path=/run/user/1000/bus',
    );
  });

  it('refuses a socket another user owns', () => {
    const probe = probeWith({ '/run/me/bus': 0, '/run/user/1000/bus': 1001 });
    assert.equal(findSessionBus({ XDG_RUNTIME_DIR: '/run/me' }, probe), undefined);
  });

  it('refuses something at the path that is not a socket, and a relative XDG_RUNTIME_DIR', () => {
    const probe = probeWith({ 'run/bus': UID }, ['/run/me/bus']);
    assert.equal(findSessionBus({ XDG_RUNTIME_DIR: '/run/me' }, probe), undefined);
    assert.equal(findSessionBus({ XDG_RUNTIME_DIR: 'run' }, probe), undefined);
  });

  it('escapes characters a D-Bus address may not hold plainly', () => {
    const probe = probeWith({ '/tmp/my bus,x=1/bus': UID });
    assert.equal(
      findSessionBus({ XDG_RUNTIME_DIR: '/tmp/my bus,x=1' }, probe),
      'unix:path=/tmp/my%20bus%2cx%3d1/bus',
    );
  });
});

describe('setting DBUS_SESSION_BUS_ADDRESS', () => {
  const probe = probeWith({ '/run/user/1000/bus': UID });

  it('sets it when it is missing on Linux', () => {
    const env: NodeJS.ProcessEnv = {};
    discoverSessionBus(env, 'linux', probe);
    assert.equal(env.DBUS_SESSION_BUS_ADDRESS, 'unix:path=/run/user/1000/bus');
  });

  it('leaves an address that is already set alone', () => {
    const env: NodeJS.ProcessEnv = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/elsewhere' };
    discoverSessionBus(env, 'linux', probe);
    assert.equal(env.DBUS_SESSION_BUS_ADDRESS, 'unix:path=/elsewhere');
  });

  it('does nothing on macOS and Windows, whose keychains need no bus', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const env: NodeJS.ProcessEnv = {};
      discoverSessionBus(env, platform, probe);
      assert.equal(env.DBUS_SESSION_BUS_ADDRESS, undefined);
    }
  });

  it('leaves it unset when no bus is found', () => {
    const env: NodeJS.ProcessEnv = {};
    discoverSessionBus(env, 'linux', probeWith({}));
    assert.equal('DBUS_SESSION_BUS_ADDRESS' in env, false);
  });
});
