// A change an agent asks to make, as the tests of approvals build it: a delete in a folder,
// with its call's key made from the requester and arguments it ends up with.
import path from 'node:path';
import type { ApprovalAsk } from '../../main/core/approvals/approval-ask.ts';
import { callKey } from '../../main/core/approvals/canonical-call.ts';
import type { Requester } from '../../preload/contract/approval-views.ts';

export const CLAUDE: Requester = { client: 'Claude Desktop', transport: 'socket' };

/** Deleting `name` in `workspace`; `options` replaces any field, the key following them. */
export function deleteAsk(
  workspace: string,
  name: string,
  options: Partial<ApprovalAsk> = {},
): ApprovalAsk {
  const requester = options.requester ?? CLAUDE;
  const target = path.posix.join(workspace, name);
  const args = options.args ?? { path: target };
  return {
    requester,
    workspace,
    tool: 'delete_file',
    args,
    callKey: callKey(requester, 'delete_file', args),
    correlationId: 'abcdef012345',
    action: 'delete',
    path: target,
    launchPoint: false,
    preview: { kind: 'sizes', mediaType: 'application/pdf', beforeBytes: 2048 },
    undoable: true,
    ...options,
  };
}
