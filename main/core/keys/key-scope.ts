import path from 'node:path';
import { z } from 'zod';
import { isPolicyError } from '../policy/policy-error.ts';
import { currentPlatform, type PathPlatform } from '../policy/platform.ts';
import { openWorkspace } from '../policy/workspace.ts';
import { KeysError } from './keys-error.ts';
import {
  WorkspaceAccessSchema,
  type WorkspaceAccess,
} from '../../../preload/contract/vocabulary.ts';

/** What a key may reach: the server's workspaces, narrowed further by this scope. */
export const KeyScopeSchema = z.object({
  /** Real absolute folder paths fixed when the key was made, or every workspace. */
  workspaces: z.union([
    z.literal('all'),
    z.array(z.string().refine((p) => path.isAbsolute(p), 'must be an absolute path')).min(1),
  ]),
  /** `read`: the key can never change files, even in a writable workspace. */
  access: WorkspaceAccessSchema,
});

export type KeyScope = z.infer<typeof KeyScopeSchema>;

/**
 * The scope of a new key. Folders are resolved to their real paths now, so a link made
 * later cannot move the key's reach; no folders means every workspace the server shares.
 */
export async function createKeyScope(
  folders: readonly string[],
  access: WorkspaceAccess,
  platform: PathPlatform = currentPlatform(),
): Promise<KeyScope> {
  if (folders.length === 0) return { workspaces: 'all', access };
  const roots = new Set<string>();
  for (const folder of folders) {
    try {
      roots.add((await openWorkspace(platform, platform.path.resolve(folder), access)).root);
    } catch (error) {
      if (isPolicyError(error)) throw new KeysError('invalid_scope', error.message);
      throw error;
    }
  }
  return { workspaces: [...roots], access };
}

/** A short description for people: "read-only, all workspaces". */
export function describeKeyScope(scope: KeyScope): string {
  const access = scope.access === 'write' ? 'can read and change files' : 'read-only';
  const where = scope.workspaces === 'all' ? 'all workspaces' : scope.workspaces.join(', ');
  return `${access}, ${where}`;
}
