import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { isPolicyError } from '../policy/policy-error.ts';
import type { Location } from './change-record.ts';
import { HistoryError } from './history-error.ts';

/**
 * How a restore finds a recorded path again: through the policy in force now, so it
 * reaches only folders still shared, never a guarded or protected file, and only where
 * changes are allowed; and at the very place recorded, not somewhere a link put on the way
 * since leads to.
 */

/** The path of `location` as the agent would give it: absolute, on this platform. */
export function absolutePathOf(policy: PathPolicy, location: Location): string {
  return policy.platform.path.join(location.root, ...location.path.split('/'));
}

/** Refuses a location whose workspace is no longer shared. */
export function assertGranted(policy: PathPolicy, location: Location): void {
  if (policy.workspaces.some((workspace) => workspace.root === location.root)) return;
  throw new HistoryError(
    'workspace_not_granted',
    `The folder ${location.root} is no longer shared in Airlock, so nothing is restored into it. Share it again to restore this change.`,
  );
}

/**
 * Resolves `location` for a change: the entry itself when something is there (a link as
 * the link), else the place a new entry would go. Undefined when the folder that would
 * hold it does not exist.
 */
export async function resolveForRestore(
  policy: PathPolicy,
  location: Location,
): Promise<ResolvedPath | undefined> {
  assertGranted(policy, location);
  const raw = absolutePathOf(policy, location);
  let resolved: ResolvedPath;
  try {
    resolved = await policy.resolveLinkItself(raw);
  } catch (error) {
    if (!isPolicyError(error) || error.code !== 'not_found') throw error;
    try {
      resolved = await policy.resolveForCreate(raw);
    } catch (createError) {
      if (isPolicyError(createError) && createError.code === 'not_found') return undefined;
      throw createError;
    }
  }
  const samePlace =
    resolved.workspace.root === location.root && resolved.segments.join('/') === location.path;
  if (!samePlace) {
    throw new HistoryError(
      'conflict',
      `A folder on the way to ${raw} is now a link to somewhere else, so Airlock will not restore there.`,
    );
  }
  policy.assertMayChange(resolved, raw);
  return resolved;
}

/** As resolveForRestore, for a path a restore is about to change: its folder must exist. */
export async function mustResolveForRestore(
  policy: PathPolicy,
  location: Location,
): Promise<ResolvedPath> {
  const resolved = await resolveForRestore(policy, location);
  if (resolved) return resolved;
  throw new HistoryError(
    'conflict',
    `The folder that held ${absolutePathOf(policy, location)} no longer exists. Restore the change that removed it first, or create it again.`,
  );
}
