// Runs a command as a user without administrator rights, to prove what a normal user sees:
// a port below 1024 refused (EACCES), a folder without read permission unreadable. Tests run
// as root here, so root gives up the powers that would hide both (setpriv drops them from
// its bounding set; the uid stays, so the test's own temp folder stays reachable). A normal
// user needs nothing. Undefined where neither is possible: the test then skips.
import { execFileSync } from 'node:child_process';

const DROPPED = ['dac_override', 'dac_read_search', 'net_bind_service'];

let probed: readonly string[] | undefined | null = null;

/** The words to put before a command, `[]` for a normal user; undefined when unavailable. */
export function unprivilegedPrefix(): readonly string[] | undefined {
  if (probed !== null) return probed;
  if (process.platform === 'win32') return (probed = undefined);
  if (process.getuid?.() !== 0) return (probed = []);
  const prefix = ['setpriv', `--bounding-set=${DROPPED.map((cap) => `-${cap}`).join(',')}`];
  try {
    execFileSync(prefix[0] as string, [...prefix.slice(1), process.execPath, '-e', ''], {
      stdio: 'ignore',
    });
    return (probed = prefix);
  } catch {
    return (probed = undefined);
  }
}
