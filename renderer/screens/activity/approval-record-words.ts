// An approval record in plain words: who asked to change what, where, and what became of
// it. The log keeps the decision as a code (asked, allowed, denied, expired, refused,
// revoked); the window says it as a sentence a person can read without knowing the codes.
import {
  appNameOf,
  changeWords,
  isChangeAction,
} from '../../../preload/contract/words/approval-words.ts';
import { folderName } from '../folders/folder-text.ts';
import type { ActivityRecord } from './activity-words.ts';

/**
 * "Claude Desktop asked to delete report.pdf in Taxes 2024 — you allowed it once", or
 * undefined when the record does not say enough to be told in words.
 */
export function approvalSentence(record: ActivityRecord): string | undefined {
  const detail = record.detail ?? {};
  const action = detail.action;
  const decision = detail.decision;
  const first = record.paths?.[0];
  if (!isChangeAction(action) || !first) return undefined;
  if (typeof decision !== 'string') return undefined;
  const who = appNameOf(record.client);
  const where = record.workspace ? folderName(record.workspace) : undefined;
  if (decision === 'revoked') {
    return `You ended ${who}’s permission to change files${where ? ` in ${where}` : ''} without asking`;
  }
  const what = changeWords(action, first, record.paths?.[1]);
  const runs = detail.launchPoint === true ? ' (a file that can make programs run)' : '';
  const asked = `${who} asked to ${what}${runs}${where ? ` in ${where}` : ''}`;
  const answer = answerWords(decision, detail.scope, record);
  return answer ? `${asked} — ${answer}` : asked;
}

/** What became of the request, as the rest of the sentence. */
function answerWords(decision: string, scope: unknown, record: ActivityRecord): string {
  switch (decision) {
    case 'asked':
      return 'you were asked';
    case 'allowed':
      return scope === 'hour'
        ? 'you allowed it, and its changes in this folder for 1 hour'
        : 'you allowed it once';
    case 'denied':
      return record.reason === 'access paused'
        ? 'denied when you paused all access'
        : 'you denied it';
    case 'expired':
      return record.durationMs !== undefined
        ? `expired unanswered after ${waitWords(record.durationMs)}`
        : 'expired unanswered';
    case 'refused':
      return 'refused at once: too many of its changes were already waiting for your OK';
    default:
      return '';
  }
}

/** "10 minutes", "45 seconds": how long a request waited, as a person says it. */
export function waitWords(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 6) / 10;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** The answer alone, for the record's details: "Allowed once", "Expired unanswered". */
export function decisionWords(decision: unknown, scope: unknown): string | undefined {
  switch (decision) {
    case 'asked':
      return 'Asked: waiting for your OK';
    case 'allowed':
      return scope === 'hour' ? 'Allowed for 1 hour' : 'Allowed once';
    case 'denied':
      return 'Denied';
    case 'expired':
      return 'Expired unanswered';
    case 'refused':
      return 'Refused at once, without asking you: too many of its changes were waiting';
    case 'revoked':
      return 'Permission ended by you';
    default:
      return undefined;
  }
}
