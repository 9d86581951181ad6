import type { AuditEntry } from '../audit/audit-record.ts';
import { redactArguments, redactString } from '../audit/redact.ts';
import type { ApprovalAsk } from './approval-ask.ts';

/** What an approval record says happened to a request. */
export type ApprovalStep =
  /** The person was asked. */
  | 'asked'
  /** The person allowed it, once or for an hour. */
  | 'allowed'
  | 'denied'
  /** Nobody answered within `pendingMinutes`. */
  | 'expired'
  /** Refused at once, without asking: the client had too many requests waiting. */
  | 'refused'
  /** The person revoked a standing allow. */
  | 'revoked';

export interface ApprovalRecordFacts {
  readonly approvalId: string;
  readonly step: ApprovalStep;
  readonly scope?: 'once' | 'hour';
  /** How long the request waited for the person, in ms. */
  readonly waitedMs?: number;
  /** A short, plain reason: why it was denied, expired or refused. */
  readonly reason?: string;
  /** How many identical calls the request stood for. */
  readonly calls?: number;
}

/**
 * The audit record of one request or decision: who asked, what was asked (arguments
 * redacted as a tool call's are, content only as size and hash), and what became of it.
 */
export function approvalEntry(ask: ApprovalAsk, facts: ApprovalRecordFacts): AuditEntry {
  const paths = [ask.path, ...(ask.destination ? [ask.destination] : [])];
  const refused = facts.step === 'denied' || facts.step === 'expired' || facts.step === 'refused';
  return {
    event: 'approval',
    client: ask.requester.client,
    ...(ask.requester.keyName ? { keyName: ask.requester.keyName } : {}),
    transport: ask.requester.transport,
    tool: ask.tool,
    args: redactArguments(ask.tool, ask.args),
    paths: paths.map((one) => redactString(one)),
    workspace: ask.workspace,
    outcome: refused ? 'denied' : 'ok',
    ...(facts.reason ? { reason: facts.reason } : {}),
    ...(facts.waitedMs !== undefined ? { durationMs: Math.round(facts.waitedMs) } : {}),
    correlationId: ask.correlationId,
    detail: {
      approval: facts.approvalId,
      decision: facts.step,
      ...(facts.scope ? { scope: facts.scope } : {}),
      action: ask.action,
      launchPoint: ask.launchPoint,
      ...(facts.calls && facts.calls > 1 ? { calls: facts.calls } : {}),
    },
  };
}

/** The record of a standing allow the person revoked (or that was dropped with the grant). */
export function revokedEntry(
  allow: { readonly approvalId: string; readonly ask: ApprovalAsk },
  reason: string,
): AuditEntry {
  return approvalEntry(allow.ask, { approvalId: allow.approvalId, step: 'revoked', reason });
}
