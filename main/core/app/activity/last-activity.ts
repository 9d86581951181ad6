import type { AuditLog } from '../../audit/audit-log.ts';
import type { AuditRecord } from '../../audit/audit-record.ts';
import type { Activity } from '../../../../preload/contract/status-views.ts';

/**
 * The latest tool call this app served, taken from the audit log's live records as they
 * are written, so it shows exactly what the activity log holds. Calls served by other
 * Airlock processes (a client's own `airlock serve --stdio`) are not seen here.
 */
export class LastActivity {
  #latest: Activity | null = null;
  #unsubscribe: (() => void) | undefined;

  get latest(): Activity | null {
    return this.#latest;
  }

  /** Follows a (new) audit log; the app opens a fresh one when the settings change. */
  follow(audit: Pick<AuditLog, 'subscribe'>, onActivity: () => void): void {
    this.#unsubscribe?.();
    this.#unsubscribe = audit.subscribe((record) => {
      if (record.event !== 'tool_call') return;
      this.#latest = activityOf(record);
      onActivity();
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

function activityOf(record: AuditRecord): Activity {
  return {
    at: record.ts,
    outcome: record.outcome,
    ...(record.tool ? { tool: record.tool } : {}),
    ...(record.client ? { client: record.client } : {}),
  };
}
