import type { ApprovalChannel } from '../../../../preload/ipc-channels.ts';
import type { AppErrorCode } from '../../../../preload/contract/app-errors.ts';
import {
  ApprovalError,
  type ApprovalErrorCode,
  type ApprovalService,
} from '../../approvals/approval-service.ts';
import { AppError } from './app-error.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface ApprovalsIpcDependencies {
  /** The app's one approval service: every client's requests wait in it. */
  readonly approvals: Pick<ApprovalService, 'view' | 'decide' | 'revoke'>;
}

/** How the window hears each refusal of the service; its message is already for the person. */
const WINDOW_CODES: Readonly<Record<ApprovalErrorCode, AppErrorCode>> = {
  not_waiting: 'not_found',
  not_for_launch_points: 'invalid_request',
};

/**
 * Changes waiting for the person's OK: the window lists them and answers. Each answer
 * replies with what waits after it, so the window never shows a request already gone.
 */
export function approvalsIpc(
  app: ApprovalsIpcDependencies,
): ChannelImplementations<ApprovalChannel> {
  return {
    listApprovals: () => app.approvals.view(),
    decideApproval: async ({ id, decision }) => {
      await windowed(() => app.approvals.decide(id, decision));
      return app.approvals.view();
    },
    revokeAllow: async ({ id }) => {
      await windowed(() => app.approvals.revoke(id));
      return app.approvals.view();
    },
  };
}

async function windowed(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ApprovalError) throw new AppError(WINDOW_CODES[error.code], error.message);
    throw error;
  }
}
