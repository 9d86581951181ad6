import { PAUSED_MESSAGE } from '../policy/policy-error.ts';
import type { ApprovalRefusal } from './approval-ask.ts';

/** The most requests one client may have waiting at once; past that it is refused at once. */
export const MAX_PENDING_PER_CLIENT = 5;

/**
 * The most requests the window holds at once, from every client together: a client's name
 * is its own word, so one that names itself anew on each connection still meets a limit.
 */
export const MAX_PENDING_IN_ALL = 20;

/** What the agent reads when a change does not go ahead, for each reason. */
export const REFUSAL_MESSAGES: Readonly<Record<ApprovalRefusal, string>> = {
  denied: 'The person declined this change.',
  waiting:
    "Waiting for the person's OK in Airlock. Ask them to approve it, then call again with the same arguments.",
  expired:
    'The person did not answer this request in Airlock in time, so it expired. Call again with the same arguments to ask again.',
  flood: `Too many changes are already waiting for the person's OK in Airlock (at most ${MAX_PENDING_PER_CLIENT} from one app). Wait for their answer before asking for more.`,
  paused: PAUSED_MESSAGE,
  no_app: 'Open Airlock to approve changes in this folder.',
};
