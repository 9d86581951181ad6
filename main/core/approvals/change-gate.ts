import type {
  AskBefore,
  ChangeAction,
  Requester,
} from '../../../preload/contract/approval-views.ts';
import { redactArguments } from '../audit/redact.ts';
import type { Limits } from '../policy/limits.ts';
import type { ChangeClearance, PathPolicy } from '../policy/path-policy.ts';
import { PolicyError, type PolicyErrorCode } from '../policy/policy-error.ts';
import type { MaskOptions } from '../secrets/mask-options.ts';
import type { ApprovalRefusal, Approver } from './approval-ask.ts';
import { REFUSAL_MESSAGES } from './approval-messages.ts';
import { callKey } from './canonical-call.ts';
import { buildChangePreview } from './change-preview.ts';
import { needsApproval } from './needs-approval.ts';

/** A change a tool is about to make, once the policy has allowed each path it touches. */
export interface ProposedChange {
  readonly action: ChangeAction;
  /** The item changed (a move's source), as assertMayChange cleared it. */
  readonly clearance: ChangeClearance;
  /** A move's destination, cleared too. */
  readonly destination?: ChangeClearance;
  /** write_file and edit_file: the complete new content, for the preview. */
  readonly content?: Uint8Array;
  /** How the file's secrets are masked for the agent: the preview masks them alike. */
  readonly mask?: MaskOptions;
}

/**
 * Where the person asked for it, holds a change until they approve it. A tool calls
 * `approve` after the policy's checks and before the change's capture (so no path lock is
 * held while the person reads), and changes nothing unless it resolves.
 */
export interface ChangeGate {
  /** Resolves when the change may go ahead; throws a PolicyError with the reason otherwise. */
  approve(change: ProposedChange): Promise<void>;
  /** The approval the call's change went ahead on, for the call's audit record. */
  readonly approvalId: string | undefined;
}

/** One call, as the gate needs to know it. */
export interface GatedCall {
  readonly tool: string;
  /** The arguments as the tool received them (defaults filled): the call's identity. */
  readonly args: unknown;
  readonly correlationId: string;
  readonly requester: Requester;
  readonly policy: PathPolicy;
  readonly limits: Limits;
  /** History's cap per file: a change within it can be undone. */
  readonly maxFileBytes: number;
  /** The call's signal: the client's cancel ends a wait (the request stays). */
  readonly signal: AbortSignal;
  /** Runs a wait with the call's own time limit stopped. */
  readonly withoutTimeLimit: <T>(work: Promise<T>) => Promise<T>;
}

const REFUSAL_CODES: Readonly<Record<ApprovalRefusal, PolicyErrorCode>> = {
  denied: 'approval_denied',
  waiting: 'approval_waiting',
  expired: 'approval_expired',
  flood: 'approval_limit',
  paused: 'paused',
  no_app: 'approval_unavailable',
};

/** The gate for one call; `approver` absent (no app to ask) refuses what needs asking. */
export function changeGate(approver: Approver | undefined, call: GatedCall): ChangeGate {
  let approvalId: string | undefined;
  return {
    get approvalId() {
      return approvalId;
    },
    async approve(change) {
      const { clearance, destination } = change;
      const launchPoint = clearance.launchPoint || destination?.launchPoint === true;
      const askBefore = strictest(clearance, destination);
      if (!needsApproval(askBefore, change.action, launchPoint)) return;
      if (!approver) throw refusal('no_app');
      const { preview, undoable } = await buildChangePreview(
        {
          action: change.action,
          target: clearance.path,
          ...(change.content ? { content: change.content } : {}),
          ...(change.mask ? { mask: change.mask } : {}),
        },
        call.policy,
        call.limits,
        call.maxFileBytes,
      );
      const verdict = await call.withoutTimeLimit(
        approver.ask(
          {
            requester: call.requester,
            workspace: clearance.path.workspace.root,
            tool: call.tool,
            // Redacted before it leaves the call: file content never reaches a request.
            args: redactArguments(call.tool, call.args),
            // The same call, and the same change as the person was shown it: a retry that
            // would now do something else (the file changed since, or appeared) asks again.
            callKey: callKey(call.requester, call.tool, {
              args: call.args,
              action: change.action,
              path: clearance.path.real,
              destination: destination?.path.real,
              preview,
            }),
            correlationId: call.correlationId,
            action: change.action,
            path: clearance.path.real,
            ...(destination ? { destination: destination.path.real } : {}),
            launchPoint,
            preview,
            undoable,
          },
          call.signal,
        ),
      );
      if (!verdict.granted) throw refusal(verdict.refusal);
      approvalId = verdict.approvalId;
    },
  };
}

/** A move between two workspaces asks as the stricter of the two. */
function strictest(source: ChangeClearance, destination?: ChangeClearance): AskBefore {
  const order: readonly AskBefore[] = ['nothing', 'replacing', 'every-change'];
  const rank = (clearance: ChangeClearance | undefined) =>
    order.indexOf(clearance?.path.workspace.askBefore ?? 'nothing');
  return order[Math.max(rank(source), rank(destination))] ?? 'every-change';
}

function refusal(reason: ApprovalRefusal): PolicyError {
  return new PolicyError(REFUSAL_CODES[reason], REFUSAL_MESSAGES[reason]);
}
