import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { assertMayMoveOrDelete } from '../fs/guarded-contents.ts';
import { moveWithoutOverwrite } from '../fs/move-no-clobber.ts';
import { recordChange } from '../history/pending-change.ts';
import { isInsideRoot } from '../policy/containment.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { changeOutput, describeChange } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const moveFile = defineTool({
  name: 'move_file',
  title: 'Move or rename',
  description: 'Move or rename a file or folder; never overwrites.',
  inputSchema: z.object({ source: pathArgument, destination: pathArgument }),
  outputSchema: changeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  run: async ({ source, destination }, { policy, limits, changes, approvals }) => {
    // A link is moved as itself, but only when what it leads to is inside: links that
    // leave the workspaces are refused for moves as they are for everything else.
    await policy.resolveExisting(source);
    const from = await policy.resolveLinkItself(source);
    const to = await policy.resolveForCreate(destination);
    const clearance = policy.assertMayChange(from, source);
    const arrival = policy.assertMayChange(to, destination);
    if (from.segments.length === 0)
      throw new PolicyError('invalid_argument', 'An allowed directory itself cannot be moved.');
    const stats = await lstat(from.real);
    if (stats.isDirectory() && isInsideRoot(policy.platform, from.real, to.real)) {
      throw new PolicyError('invalid_argument', 'A folder cannot be moved inside itself.');
    }
    await assertMayMoveOrDelete(policy, from, limits.maxEntries * 10, policy.fileAccess, to);
    await approvals.approve({ action: 'move', clearance, destination: arrival });
    const change = await changes.beforeMove(from, to);
    const { record } = await recordChange(change, () => moveWithoutOverwrite(from, to));
    const { data: changed, sentence } = describeChange(record);
    return {
      text: `Moved ${from.real} to ${to.real}. ${sentence}`,
      data: { source: from.real, destination: to.real, ...changed },
    };
  },
});
