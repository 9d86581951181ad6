import { randomBytes } from 'node:crypto';
import { openSystemKeychain } from '../keys/system-keychain.ts';

/** Where the audit MAC key lives in the OS keychain, under the Airlock service name. */
export const AUDIT_KEY_ACCOUNT = 'audit-mac-key';

export interface AuditKeyOptions {
  readonly service: string;
  /** Make a key when none exists (the writer does; verify only reads). */
  readonly create: boolean;
  readonly timeoutMs?: number;
}

export type AuditKeyResult =
  | { readonly key: Uint8Array; readonly created: boolean }
  | { readonly key: undefined; readonly reason: string };

/**
 * Loads the key that anchors the audit chain. When the keychain is missing or locked the
 * log is still hash-chained but not anchored, and the caller says so; the key is never
 * written anywhere else as a fallback.
 */
export async function loadAuditKey(options: AuditKeyOptions): Promise<AuditKeyResult> {
  const keychain = openSystemKeychain(options.service, { timeoutMs: options.timeoutMs ?? 3000 });
  try {
    const stored = await keychain.get(AUDIT_KEY_ACCOUNT);
    if (stored) return { key: Buffer.from(stored, 'base64'), created: false };
    if (!options.create) return { key: undefined, reason: 'no audit key in the keychain yet' };
    const fresh = randomBytes(32);
    await keychain.set(AUDIT_KEY_ACCOUNT, fresh.toString('base64'));
    return { key: fresh, created: true };
  } catch (error) {
    return { key: undefined, reason: error instanceof Error ? error.message : String(error) };
  }
}
