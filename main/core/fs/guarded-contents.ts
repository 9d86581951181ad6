import { lstat } from 'node:fs/promises';
import type { FileAccess } from '../platform/file-access.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { assertNoCredentialConfig } from './credential-config.ts';
import { readDirectoryInside, segmentsOf } from './directory-reader.ts';

/**
 * Refuses to move or delete what must stay where it is, alone or inside a folder that goes
 * with it: a protected file (moving the folder would move the secret with it), a launch
 * point (moving it away is a change), and Airlock's own state. Moving to `destination`
 * also refuses a folder whose contents would become launch points there: a harmless
 * `hooks/pre-commit` must not arrive as `.git/hooks/pre-commit`. Stops looking (and
 * refuses) past `maxEntries`, because an unchecked folder must not be treated as a clean one.
 * Config files are opened through `access` to check them for credentials.
 */
export async function assertMayMoveOrDelete(
  policy: PathPolicy,
  folder: ResolvedPath,
  maxEntries: number,
  access: FileAccess,
  destination?: ResolvedPath,
): Promise<void> {
  if (policy.holdsAirlockStateWithin(folder)) {
    throw new PolicyError(
      'airlock_state',
      'This folder holds Airlock’s own data (its settings, keys and activity log). Airlock will not move or delete it.',
    );
  }
  const stats = await lstat(folder.real);
  if (stats.isSymbolicLink()) return;
  if (!stats.isDirectory()) {
    await assertNoCredentialConfig(policy.guard, folder, access);
    return;
  }
  const { path } = policy.platform;
  const pending: ResolvedPath[] = [folder];
  let seen = 0;
  while (pending.length > 0) {
    const current = pending.pop() as ResolvedPath;
    const { entries } = await readDirectoryInside(policy, current);
    for (const entry of entries) {
      seen += 1;
      const inside = segmentsOf(entry).slice(folder.segments.length);
      if (entry.guarded) {
        throw new PolicyError(
          'guarded',
          `This folder contains a protected file (${inside.join('/')}). Airlock will not move or delete it with the folder.`,
        );
      }
      const place = path.join(folder.real, ...inside);
      const arrival = destination && path.join(destination.real, ...inside);
      if (policy.isLaunchPoint(place) || (arrival && policy.isLaunchPoint(arrival))) {
        throw new PolicyError(
          'protected',
          `This folder contains a file protected from agent changes (${inside.join('/')}), or would make one where it goes. Changing it could make programs run outside Airlock. The person can move or delete it themselves.`,
        );
      }
      const child: ResolvedPath = {
        workspace: current.workspace,
        real: entry.real,
        segments: segmentsOf(entry),
        exists: true,
      };
      if (entry.kind === 'directory' && !entry.isLink) pending.push(child);
      if (entry.kind === 'file' && !entry.isLink)
        await assertNoCredentialConfig(policy.guard, child, access);
    }
    if (seen > maxEntries) {
      throw new PolicyError(
        'limit_reached',
        `This folder holds more than ${maxEntries} entries, too many to check for protected files. Move or delete its parts instead.`,
      );
    }
  }
}
