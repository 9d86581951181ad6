import type {
  ChangeAction,
  ChangePreview,
  Requester,
} from '../../../preload/contract/approval-views.ts';

/**
 * One change an agent's call asks to make, as the person is asked about it: who, where,
 * what, and what it will look like. Built by the change gate right before the change's
 * capture; sent to the app over the local socket by a standalone server.
 */
export interface ApprovalAsk {
  readonly requester: Requester;
  /** The workspace's root. */
  readonly workspace: string;
  readonly tool: string;
  /** The call's arguments as the client sent them; the audit redacts them before writing. */
  readonly args: Record<string, unknown>;
  /**
   * The same call, whoever retries it: requester, tool and canonical arguments, hashed.
   * A retry with any other argument has another key and never rides on an approval.
   */
  readonly callKey: string;
  /** The call's correlation id, so the approval's records join the call's. */
  readonly correlationId: string;
  readonly action: ChangeAction;
  /** The item changed (a move's source): a real path inside the workspace. */
  readonly path: string;
  readonly destination?: string;
  readonly launchPoint: boolean;
  readonly preview: ChangePreview;
  /** Whether history will keep what the change replaces. */
  readonly undoable: boolean;
}

/** Why a change may not go ahead (now). Each has its own message for the agent. */
export type ApprovalRefusal =
  /** The person pressed Deny. */
  | 'denied'
  /** Not answered within `waitSeconds`: the request stays in the window; a retry may pass. */
  | 'waiting'
  /** Not answered within `pendingMinutes`: the request left the window. */
  | 'expired'
  /** The client already holds the most pending requests it may. */
  | 'flood'
  /** The person paused all access. */
  | 'paused'
  /** No Airlock app runs to ask (a standalone server). */
  | 'no_app';

export type ApprovalVerdict =
  | {
      readonly granted: true;
      /** The approval the change follows; its tool_call record links to it. */
      readonly approvalId: string;
      readonly scope: 'once' | 'hour';
    }
  | { readonly granted: false; readonly refusal: ApprovalRefusal; readonly approvalId?: string };

/** Asks the person (in the app's window) whether a change may happen. */
export interface Approver {
  /**
   * Resolves with the person's answer, or `waiting` after the wait the settings allow;
   * `signal` (the client's cancel) ends the wait early, as `waiting`: the request stays.
   */
  ask(request: ApprovalAsk, signal: AbortSignal): Promise<ApprovalVerdict>;
}
