import { loadAuditKey } from '../core/audit/audit-key.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { AuditLog } from '../core/audit/audit-log.ts';
import { AuditWriter } from '../core/audit/audit-writer.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { auditLogPath } from '../core/audit/audit-location.ts';
import type { AuditEntry } from '../core/audit/audit-record.ts';

/**
 * Writes a settings_change record to the shared audit log, so the person can see when a
 * key was made, rotated or revoked, and by which interface.
 */
export async function recordSettingsChange(
  dataDir: string,
  reason: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await recordCliEntry(dataDir, {
    event: 'settings_change',
    transport: 'cli',
    outcome: 'ok',
    reason,
    detail,
  });
}

/** Appends one record made by a command, and anchors it before the command ends. */
export async function recordCliEntry(dataDir: string, entry: AuditEntry): Promise<void> {
  const settings = await readSettings(dataDir);
  const key = await loadAuditKey({ service: keychainService(), create: true });
  const log = new AuditLog(
    AuditWriter.open(auditLogPath(undefined, dataDir), settings.audit, key.key),
  );
  try {
    await log.record(entry);
  } finally {
    // The command ends here: its record reaches the keychain's anchor before it does.
    await log.closeAndAnchor();
  }
}
