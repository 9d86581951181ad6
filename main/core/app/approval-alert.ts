import type {
  ApprovalRequestView,
  ApprovalsView,
} from '../../../preload/contract/approval-views.ts';
import {
  appName,
  changeWords,
  lastName,
  waitingWords,
} from '../../../preload/contract/words/approval-words.ts';

/** A system notification's words, as plain data. */
export interface AlertText {
  readonly title: string;
  readonly body: string;
}

/**
 * Tells which requests are new since the last view, so that each arrival is announced once:
 * a merged call, an answer or a request leaving announces nothing.
 */
export class ArrivalWatch {
  #known = new Set<string>();

  constructor(first: ApprovalsView) {
    this.#known = new Set(first.pending.map((request) => request.id));
  }

  /** The requests in `view` not seen before, oldest first. */
  arrived(view: ApprovalsView): ApprovalRequestView[] {
    const fresh = view.pending.filter((request) => !this.#known.has(request.id));
    this.#known = new Set(view.pending.map((request) => request.id));
    return fresh;
  }
}

/**
 * "Claude Desktop asks to delete report.pdf", then where and what to do; with others
 * waiting, how many. A notification's text can be read by anyone near the screen: it names
 * the item and its folder, never its content.
 */
export function approvalAlertText(request: ApprovalRequestView, waiting: number): AlertText {
  const what = changeWords(request.action, request.path, request.destination);
  const others = waiting > 1 ? ` ${waitingWords(waiting)}.` : '';
  return {
    title: `${appName(request.requester)} asks to ${what}`,
    body: `In the folder ${lastName(request.workspace)}. Open Airlock to allow or deny it.${others}`,
  };
}
