import { useState } from 'react';
import { call } from '../../app/airlock-api.ts';
import { useCallOutcome } from '../../app/use-call-outcome.ts';
import { Notice } from '../../ui/Notice.tsx';
import { waitingWords } from '../../../preload/contract/words/approval-words.ts';
import { ApprovalDialog } from './ApprovalDialog.tsx';
import {
  answeredWords,
  oldestFirst,
  type ApprovalDecision,
  type ApprovalRequestView,
} from './approval-words.ts';
import type { ApprovalsState } from './use-approvals.ts';
import './approvals.css';

/**
 * The changes waiting for the person's OK, over the whole window: the oldest in a dialog,
 * until it is answered; put off with Escape, a line under the header keeps them in sight,
 * and the next new request brings the dialog back.
 */
export function ApprovalRequests({ approvals }: { readonly approvals: ApprovalsState }) {
  const pending = oldestFirst(approvals.view);
  /** The requests waiting when the person chose to decide later. */
  const [putOff, setPutOff] = useState<ReadonlySet<string>>(new Set());
  const outcome = useCallOutcome();
  const open = pending.some((request) => !putOff.has(request.id));

  const decide = (request: ApprovalRequestView, decision: ApprovalDecision) =>
    outcome.run(async () => {
      approvals.take(await call('decideApproval', { id: request.id, decision }));
      return answeredWords(decision, request);
    });

  return (
    <>
      <Notice message={outcome.problem ?? approvals.problem} />
      <Notice message={outcome.news} tone="info" />
      {pending.length > 0 && !open && (
        <div className="approval-banner" role="region" aria-label="Changes waiting for your OK">
          <p>{waitingWords(pending.length)}.</p>
          <button type="button" className="button" onClick={() => setPutOff(new Set())}>
            Review
          </button>
        </div>
      )}
      <ApprovalDialog
        pending={pending}
        open={open}
        busy={outcome.busy}
        onDecide={(request, decision) => void decide(request, decision)}
        onLater={() => setPutOff(new Set(pending.map((request) => request.id)))}
      />
    </>
  );
}
