import { overlapWorkspaces } from './narrow-to-roots.ts';
import type { PathPolicy } from './path-policy.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

/** What a credential (an HTTP key) was granted when it was made. */
export interface Grant {
  /** Real paths it may use; undefined means every workspace. */
  readonly workspaces?: readonly string[];
  readonly access: WorkspaceAccess;
}

/**
 * The policy for requests made with a key: its workspaces (never more than the person
 * shared) and its access (a read-only key cannot change a writable workspace).
 */
export function narrowToGrant(policy: PathPolicy, grant: Grant): PathPolicy {
  const workspaces =
    grant.workspaces === undefined
      ? [...policy.workspaces]
      : overlapWorkspaces(policy, grant.workspaces);
  const capped =
    grant.access === 'write'
      ? workspaces
      : workspaces.map((workspace) => ({ ...workspace, access: 'read' as const }));
  return policy.withWorkspaces(capped);
}
