import { PAUSED_MESSAGE } from '../policy/policy-error.ts';
import type { ApprovalRefusal } from './approval-ask.ts';

/** The most requests one client may have waiting at once; past that it is refused at once. */
export const MAX_PENDING_PER_CLIENT = 5;

/** What the agent reads when a change does not go ahead, for each reason. */
export const REFUSAL_MESSAGES: Readonly<Record<ApprovalRefusal, string>> = {
  denied: 'The person declined this change.',
  waiting:
    "Waiting for the person's OK in Airlock. Ask them to approve it, then call again with the same arguments.",
  expired:
    'The person did not answer this request in Airlock in time, so it expired. Call again with the same arguments to ask again.',
  flood: `This app already has ${MAX_PENDING_PER_CLIENT} changes waiting for the person's OK in Airlock. Wait for their answer before asking for more.`,
  paused: PAUSED_MESSAGE,
  no_app: 'Open Airlock to approve changes in this folder.',
};
