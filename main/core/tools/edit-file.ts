import { z } from 'zod';
import { readTextInside } from '../fs/read-text.ts';
import { recordWrite } from '../history/pending-change.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { editThroughMask } from '../secrets/edit-through-mask.ts';
import { readMasking, writeMasking } from '../secrets/file-masking.ts';
import { countHidden, hiddenValuesNote } from '../secrets/hidden-summary.ts';
import type { MaskOptions } from '../secrets/mask-options.ts';
import { mentionsPlaceholder } from '../secrets/placeholder.ts';
import { unmaskForWrite } from '../secrets/unmask-for-write.ts';
import { applyEdits, type TextEdit } from './apply-edits.ts';
import { describeChange, maybeChangeOutput, type ChangeData } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool, type ToolAnswer } from './tool-kit.ts';
import { unifiedDiff } from './unified-diff.ts';

/** What an edit answers; a dry run has no change. */
interface EditData extends Partial<ChangeData> {
  readonly path: string;
  readonly diff: string;
  readonly applied: boolean;
}

export const editFile = defineTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Replace exact text in a file, edits in order; each oldText must match once unless replaceAll. Answers a unified diff.',
  inputSchema: z.object({
    path: pathArgument,
    edits: z
      .array(
        z.object({
          oldText: z.string(),
          newText: z.string(),
          replaceAll: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(100),
    dryRun: z.boolean().default(false),
  }),
  outputSchema: maybeChangeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async (
    { path, edits, dryRun },
    { policy, limits, changes, approvals, secrets },
  ): Promise<ToolAnswer<EditData>> => {
    const target = await policy.resolveExisting(path);
    const clearance = dryRun ? undefined : policy.assertMayChange(target, path);
    const { text: original } = await readTextInside(
      policy.guard,
      target,
      limits,
      { kind: 'whole' },
      policy.fileAccess,
    );
    const mask = readMasking(secrets, target);
    const edit = editedText(original, edits, target.real, mask, writeMasking(secrets));
    const { updated, diff } = edit;
    const note = mentionsPlaceholder(diff) ? `\n${hiddenValuesNote(edit.hidden)}` : '';
    const block = `\`\`\`diff\n${diff || '(no changes)\n'}\`\`\`${note}`;
    const secretsData = {
      ...(edit.hidden.total > 0 ? { secretsHidden: edit.hidden } : {}),
      ...(edit.restored > 0 ? { secretsRestored: edit.restored } : {}),
    };
    if (dryRun) {
      return {
        text: `Dry run: nothing was changed.\n${block}`,
        data: { path: target.real, diff, applied: false, ...secretsData },
      };
    }
    const data = Buffer.from(updated, 'utf8');
    if (data.length > limits.maxWriteBytes) {
      throw new PolicyError(
        'too_large',
        'The edited file would be larger than Airlock writes in one call.',
      );
    }
    if (clearance) {
      await approvals.approve({
        action: 'edit',
        clearance,
        content: data,
        ...(mask ? { mask } : {}),
      });
    }
    // As write_file: the old version is kept while the new one's temp file is made.
    const record = await recordWrite(() => changes.beforeEdit(target), target, data, {
      access: policy.fileAccess,
      changeId: changes.changeId,
    });
    const { data: changed, sentence } = describeChange(record);
    return {
      text: `Edited ${target.real}. ${sentence}\n${block}`,
      data: { path: target.real, diff, applied: true, ...changed, ...secretsData },
    };
  },
});

/**
 * The edit's result. Where the file is masked, oldText is matched against the masked view
 * the agent read (a value it guessed matches nothing) and the diff is between masked views;
 * the text written has the values put back from the file as read now. Where it is not,
 * placeholders written in (read before masking was turned off) are still put back.
 */
function editedText(
  original: string,
  edits: readonly TextEdit[],
  realPath: string,
  mask: MaskOptions | undefined,
  write: MaskOptions | undefined,
) {
  if (mask) {
    const edit = editThroughMask(original, { realPath }, mask, (masked) =>
      applyEdits(masked, edits),
    );
    return {
      updated: edit.text,
      diff: unifiedDiff(realPath, edit.before.text, edit.after),
      hidden: countHidden(edit.before),
      restored: edit.restored,
    };
  }
  const edited = applyEdits(original, edits);
  const { text, restored } = write
    ? unmaskForWrite(edited, original, { realPath }, write)
    : { text: edited, restored: 0 };
  return {
    updated: text,
    diff: unifiedDiff(realPath, original, text),
    hidden: countHidden(),
    restored,
  };
}
