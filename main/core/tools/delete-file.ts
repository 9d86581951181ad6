import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { assertMayMoveOrDelete } from '../fs/guarded-contents.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { changeOutput, describeChange } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const deleteFile = defineTool({
  name: 'delete_file',
  title: 'Delete file',
  description:
    'Delete a file, or a folder with recursive. Airlock keeps it in history for undo_change, unless too big: the answer says.',
  inputSchema: z.object({ path: pathArgument, recursive: z.boolean().default(false) }),
  outputSchema: changeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async ({ path, recursive }, { policy, limits, changes, approvals }) => {
    const target = await policy.resolveLinkItself(path);
    const clearance = policy.assertMayChange(target, path);
    if (target.segments.length === 0)
      throw new PolicyError('invalid_argument', 'An allowed directory itself cannot be deleted.');
    const stats = await lstat(target.real);
    const kind = stats.isDirectory() ? ('directory' as const) : ('file' as const);
    if (kind === 'directory' && !recursive) {
      throw new PolicyError(
        'invalid_argument',
        'That is a folder. Set recursive to true to delete it and everything in it.',
      );
    }
    await assertMayMoveOrDelete(policy, target, limits.maxEntries * 10, policy.fileAccess);
    await approvals.approve({ action: 'delete', clearance });
    const change = await changes.beforeDelete(target);
    const { data: changed, sentence } = describeChange(await change.removeIntoHistory());
    return {
      text: `Deleted ${target.real}. ${sentence}`,
      data: { path: target.real, kind, ...changed },
    };
  },
});
