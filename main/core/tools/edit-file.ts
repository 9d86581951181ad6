import { z } from 'zod';
import { readTextInside } from '../fs/read-text.ts';
import { recordWrite } from '../history/pending-change.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { applyEdits } from './apply-edits.ts';
import { changeFields, describeChange } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';
import { unifiedDiff } from './unified-diff.ts';

export const editFile = defineTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Replace exact text in a file. Each oldText must match the file exactly and only once (or set replaceAll). Edits apply in order. With dryRun: true, nothing changes and you get the diff. Returns a unified diff and, for a real edit, a change id that undo_change takes.',
  inputSchema: z.object({
    path: pathArgument,
    edits: z
      .array(
        z.object({
          oldText: z.string().describe('Text to find; must match exactly, including whitespace.'),
          newText: z.string().describe('Text to put in its place.'),
          replaceAll: z
            .boolean()
            .optional()
            .describe('Replace every occurrence instead of requiring exactly one.'),
        }),
      )
      .min(1)
      .max(100),
    dryRun: z.boolean().default(false).describe('Preview the change as a diff without writing it.'),
  }),
  outputSchema: z.object({
    path: z.string(),
    diff: z.string(),
    applied: z.boolean(),
    changeId: changeFields.changeId.optional(),
    undoable: changeFields.undoable.optional(),
    notUndoableReason: changeFields.notUndoableReason,
  }),
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async ({ path, edits, dryRun }, { policy, limits, changes, approvals }) => {
    const target = await policy.resolveExisting(path);
    const clearance = dryRun ? undefined : policy.assertMayChange(target, path);
    const { text: original } = await readTextInside(
      policy.guard,
      target,
      limits,
      { kind: 'whole' },
      policy.fileAccess,
    );
    const updated = applyEdits(original, edits);
    const diff = unifiedDiff(target.real, original, updated);
    const block = `\`\`\`diff\n${diff || '(no changes)\n'}\`\`\``;
    if (dryRun) {
      return {
        text: `Dry run: nothing was changed.\n${block}`,
        data: { path: target.real, diff, applied: false },
      };
    }
    const data = Buffer.from(updated, 'utf8');
    if (data.length > limits.maxWriteBytes) {
      throw new PolicyError(
        'too_large',
        'The edited file would be larger than Airlock writes in one call.',
      );
    }
    if (clearance) await approvals.approve({ action: 'edit', clearance, content: data });
    const change = await changes.beforeEdit(target);
    const record = await recordWrite(change, target, data, policy.fileAccess);
    const { data: changed, sentence } = describeChange(record);
    return {
      text: `Edited ${target.real}. ${sentence}\n${block}`,
      data: { path: target.real, diff, applied: true, ...changed },
    };
  },
});
