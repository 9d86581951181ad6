import { z } from 'zod';
import type { ApprovalChannel } from '../ipc-channels.ts';
import { ApprovalDecisionSchema, ApprovalIdSchema, ApprovalsViewSchema } from './approval-views.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

/**
 * Changes waiting for the person's OK, and the standing permissions they gave. The window
 * only shows and answers: who may wait, for how long, and what an answer lets through are
 * main's rules. Every answer is written to the activity log before the agent hears it.
 */
export const approvalsContract = {
  /** What waits now, oldest first, and the standing permissions still running. */
  listApprovals: { request: z.undefined(), response: ApprovalsViewSchema },
  /**
   * The person's answer to one request; answers what waits after it. A request no longer
   * waiting (answered elsewhere, expired) is refused with `not_found`.
   */
  decideApproval: {
    request: z.strictObject({ id: ApprovalIdSchema, decision: ApprovalDecisionSchema }),
    response: ApprovalsViewSchema,
  },
  /** Ends a standing permission ("for 1 hour") now; answers what is left. */
  revokeAllow: {
    request: z.strictObject({ id: ApprovalIdSchema }),
    response: ApprovalsViewSchema,
  },
} as const satisfies Record<ApprovalChannel, ChannelSchemas>;
