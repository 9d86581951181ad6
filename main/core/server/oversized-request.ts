import type { OversizedLine } from './bounded-lines.ts';
import type { AirlockCore } from './create-airlock-server.ts';

/**
 * Tells the diagnostics log and the audit log of a request refused for its size before it
 * became a tool call: every request is recorded, the refused ones too. Only its size is
 * kept; nothing of its content was read.
 */
export function recordOversizedRequest(
  core: AirlockCore,
  transport: 'stdio' | 'socket',
  client: string | undefined,
  line: OversizedLine,
  maxBytes: number,
): void {
  const reason = `too_large: a request of ${line.bytes} bytes, more than Airlock takes (${maxBytes})`;
  core.log.warn(`${transport}${client ? ` (${client})` : ''}: refused ${reason.slice(11)}`);
  core.audit
    ?.record({
      event: 'tool_call',
      ...(client ? { client } : {}),
      transport,
      outcome: 'denied',
      reason,
      bytesIn: line.bytes,
    })
    .catch((error: unknown) =>
      core.log.error(`could not record a refused request in the audit log: ${String(error)}`),
    );
}
