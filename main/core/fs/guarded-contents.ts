import { lstat } from 'node:fs/promises';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { assertNoCredentialConfig } from './credential-config.ts';
import { readDirectoryInside, segmentsOf } from './directory-reader.ts';

/**
 * Refuses to move or delete a protected file, or a folder that holds one: moving the folder
 * would move the secret with it. Stops looking (and refuses) past `maxEntries`, because
 * an unchecked folder must not be treated as a clean one.
 */
export async function assertNoGuardedInside(
  policy: PathPolicy,
  folder: ResolvedPath,
  maxEntries: number,
): Promise<void> {
  const stats = await lstat(folder.real);
  if (stats.isSymbolicLink()) return;
  if (!stats.isDirectory()) {
    await assertNoCredentialConfig(policy, folder);
    return;
  }
  const pending: ResolvedPath[] = [folder];
  let seen = 0;
  while (pending.length > 0) {
    const current = pending.pop() as ResolvedPath;
    const { entries } = await readDirectoryInside(policy, current);
    for (const entry of entries) {
      seen += 1;
      if (entry.guarded) {
        throw new PolicyError(
          'guarded',
          `This folder contains a protected file (${segmentsOf(entry).slice(folder.segments.length).join('/')}). Airlock will not move or delete it with the folder.`,
        );
      }
      const child: ResolvedPath = {
        workspace: current.workspace,
        real: entry.real,
        segments: segmentsOf(entry),
        exists: true,
      };
      if (entry.kind === 'directory' && !entry.isLink) pending.push(child);
      if (entry.kind === 'file' && !entry.isLink) await assertNoCredentialConfig(policy, child);
    }
    if (seen > maxEntries) {
      throw new PolicyError(
        'limit_reached',
        `This folder holds more than ${maxEntries} entries, too many to check for protected files. Move or delete its parts instead.`,
      );
    }
  }
}
