import { z } from 'zod';
import type { ChangeJournal } from '../history/change-journal.ts';
import { isChangeId, locationsOf, type ChangeRecord } from '../history/change-record.ts';
import { isHistoryError, type HistoryErrorCode } from '../history/history-error.ts';
import { restoreChange } from '../history/restore-change.ts';
import { absolutePathOf } from '../history/restore-target.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import { PolicyError, type PolicyErrorCode } from '../policy/policy-error.ts';
import { changeOutput, describeChange } from './change-answer.ts';
import { defineTool, type ToolContext } from './tool-kit.ts';

export const undoChange = defineTool({
  name: 'undo_change',
  title: 'Undo a change',
  description:
    'Undo your own change of this session by the change id its answer gave: puts back what was there before, unless changed since.',
  inputSchema: z.object({ changeId: z.string().min(1).max(100) }),
  outputSchema: changeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async ({ changeId }, { policy, journal, call, approvals }) => {
    const record = await ownChange(journal, changeId, call);
    await approveUndo(policy, record, approvals);
    let restore: ChangeRecord;
    try {
      ({ restore } = await restoreChange(journal, policy, record.id, {
        id: call.id,
        tool: 'undo_change',
        ...(call.client ? { client: call.client } : {}),
        ...(call.session ? { session: call.session } : {}),
      }));
    } catch (error) {
      throw isHistoryError(error) ? refusal(error.code, error.message, record) : error;
    }
    const paths = pathsOf(policy, record);
    const { data: changed, sentence } = describeChange(restore);
    return {
      text: `Undid change ${record.id} (${record.tool}): ${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} as before it. This undo is a change too. ${sentence}`,
      data: { undid: record.id, path: paths[0] ?? '', paths, ...changed },
    };
  },
});

/**
 * The change `id`, when the caller made it: the same client, in the session it is in
 * now. Another client's change, or one from an earlier session, is the person's to undo.
 */
async function ownChange(
  journal: ChangeJournal,
  id: string,
  call: ToolContext['call'],
): Promise<ChangeRecord> {
  if (!isChangeId(id))
    throw new PolicyError('invalid_argument', 'That is not a change id Airlock gave out.');
  const record = await journal.read(id);
  if (!record) {
    throw new PolicyError(
      'not_found',
      `No change ${id} is in Airlock history: it was never made, or it is too old and was forgotten.`,
    );
  }
  const mine =
    call.session !== undefined && record.session === call.session && record.client === call.client;
  if (!mine) {
    throw new PolicyError(
      'not_own_change',
      `Change ${id} was not made by you in this session, so you cannot undo it. The person can undo it in Airlock.`,
    );
  }
  return record;
}

/**
 * An undo puts an earlier state back over the current one: where the person asked, it waits
 * for their OK like any change that replaces something. The restore itself then checks every
 * path again, through the same policy as the agent's tools.
 */
async function approveUndo(
  policy: PathPolicy,
  record: ChangeRecord,
  approvals: ToolContext['approvals'],
): Promise<void> {
  const [first, second] = pathsOf(policy, record)
    .map((absolute) => policy.classifyReal(absolute))
    .filter((resolved) => resolved !== undefined);
  if (!first) return;
  const clear = (resolved: typeof first) => ({
    path: resolved,
    launchPoint: policy.isLaunchPoint(resolved.real),
  });
  await approvals.approve({
    action: 'undo',
    clearance: clear(first),
    ...(second ? { destination: clear(second) } : {}),
  });
}

/** The paths the change touched, as the agent gave them: inside its workspaces. */
function pathsOf(policy: PathPolicy, record: ChangeRecord): string[] {
  const paths = record.steps.flatMap((step) =>
    locationsOf(step).map((at) => absolutePathOf(policy, at)),
  );
  return [...new Set(paths)];
}

const CODES: Record<HistoryErrorCode, PolicyErrorCode> = {
  not_found: 'not_found',
  invalid_id: 'invalid_argument',
  duplicate_id: 'changed_during_operation',
  in_progress: 'cannot_undo',
  not_undoable: 'cannot_undo',
  already_restored: 'cannot_undo',
  workspace_not_granted: 'outside_workspace',
  conflict: 'conflict',
  kept_copy_damaged: 'cannot_undo',
  cannot_keep_current: 'cannot_undo',
};

/**
 * A history refusal in words for the agent. History's own words are written for the
 * person, who can force a restore and sees every workspace; the agent can do neither.
 */
function refusal(code: HistoryErrorCode, message: string, record: ChangeRecord): PolicyError {
  switch (code) {
    case 'conflict':
      return new PolicyError(
        'conflict',
        `${message.replace(/ Restore with force.*$/, '')} Nothing was changed. The person can undo it anyway in Airlock, which keeps what is there now.`,
      );
    case 'workspace_not_granted':
      return new PolicyError(
        'outside_workspace',
        `Change ${record.id} was made in a folder you may no longer change, so it was not undone. The person can undo it in Airlock.`,
      );
    case 'duplicate_id':
      return new PolicyError('changed_during_operation', 'Try the undo again.');
    default:
      return new PolicyError(CODES[code], message);
  }
}
