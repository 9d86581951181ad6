import type { ToolCallRecord } from '../tools/tool-kit.ts';
import type { AuditEntry } from './audit-record.ts';
import { redactArguments, redactString } from './redact.ts';

/** Who is calling, as the transport knows it. */
export interface CallerIdentity {
  readonly transport: AuditEntry['transport'];
  /** The name of the key that authenticated the request, never the key itself. */
  readonly keyName?: string;
}

/** The audit entry for one finished tool call: arguments redacted, content only as size and hash. */
export function toolCallEntry(
  call: ToolCallRecord,
  caller: CallerIdentity,
  workspace: string | undefined,
): AuditEntry {
  return {
    event: 'tool_call',
    ...(call.client ? { client: call.client } : {}),
    ...(caller.keyName ? { keyName: caller.keyName } : {}),
    ...(caller.transport ? { transport: caller.transport } : {}),
    tool: call.tool,
    args: redactArguments(call.tool, call.args),
    ...(call.paths.length > 0 ? { paths: call.paths.map((entry) => redactString(entry)) } : {}),
    ...(workspace ? { workspace } : {}),
    outcome: call.outcome,
    // The reason can echo the agent's own text (a path it sent), so it is scanned too.
    ...(call.reason ? { reason: redactString(call.reason) } : {}),
    durationMs: Math.round(call.durationMs * 100) / 100,
    bytesIn: call.bytesIn,
    bytesOut: call.bytesOut,
    correlationId: call.correlationId,
    // The change the call made: its id in history (the correlation id) and whether it can be undone.
    // And the approval it went ahead on, where the person was asked: the two records join.
    // Secrets inside files the call hid or put back, counted by kind: never a value.
    ...(call.change || call.approval || call.secrets
      ? {
          detail: {
            ...call.change,
            ...(call.approval ? { approval: call.approval } : {}),
            ...secretsDetail(call),
          },
        }
      : {}),
  };
}

function secretsDetail({ secrets }: ToolCallRecord): Record<string, unknown> {
  if (!secrets) return {};
  const { hidden, restored } = secrets;
  return {
    ...(hidden
      ? {
          secretsHidden: {
            total: hidden.total,
            byKind: Object.fromEntries(hidden.byKind.map(({ kind, count }) => [kind, count])),
          },
        }
      : {}),
    ...(restored ? { secretsRestored: restored } : {}),
  };
}
