import { statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** What the search needs from the system; the real one by default, a fake in tests. */
export interface SessionBusProbe {
  readonly uid: number;
  /** The entry at a path, following links; undefined when there is none. */
  readonly stat: (file: string) => Pick<Stats, 'isSocket' | 'uid'> | undefined;
}

const realProbe = (): SessionBusProbe => ({
  uid: process.getuid?.() ?? -1,
  stat: (file) => {
    try {
      return statSync(file);
    } catch {
      return undefined;
    }
  },
});

/**
 * The user's session bus, found the standard way when DBUS_SESSION_BUS_ADDRESS is not set:
 * `$XDG_RUNTIME_DIR/bus`, then `/run/user/<uid>/bus`. Only a socket owned by this user
 * counts: another user's socket would hand our secrets to their keyring.
 */
export function findSessionBus(
  env: NodeJS.ProcessEnv,
  probe: SessionBusProbe = realProbe(),
): string | undefined {
  const candidates = [
    ...(env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)
      ? [path.join(env.XDG_RUNTIME_DIR, 'bus')]
      : []),
    `/run/user/${probe.uid}/bus`,
  ];
  for (const candidate of candidates) {
    const stats = probe.stat(candidate);
    if (stats?.isSocket() && stats.uid === probe.uid)
      return `unix:path=${escapeAddress(candidate)}`;
  }
  return undefined;
}

/**
 * MCP clients start stdio servers with a minimal environment (the SDK passes only HOME,
 * LOGNAME, PATH, SHELL, TERM and USER), so on Linux the Secret Service would be out of reach
 * and every record unkeyed. The keyring binding reads the variable when it first connects:
 * this must run before that.
 */
export function discoverSessionBus(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  probe?: SessionBusProbe,
): void {
  if (platform !== 'linux' || env.DBUS_SESSION_BUS_ADDRESS) return;
  const address = findSessionBus(env, probe);
  if (address) env.DBUS_SESSION_BUS_ADDRESS = address;
}

/** A D-Bus address value: bytes outside its small safe set are written %XX. */
function escapeAddress(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[-0-9A-Za-z_/.\\*]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
    })
    .join('');
}
