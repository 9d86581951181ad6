import { randomBytes } from 'node:crypto';

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
  try {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const entry = new AsyncEntry(options.service, AUDIT_KEY_ACCOUNT);
    const signal = AbortSignal.timeout(options.timeoutMs ?? 3000);
    const stored = await entry.getPassword(signal);
    if (stored) return { key: Buffer.from(stored, 'base64'), created: false };
    if (!options.create) return { key: undefined, reason: 'no audit key in the keychain yet' };
    const fresh = randomBytes(32);
    await entry.setPassword(fresh.toString('base64'), signal);
    return { key: fresh, created: true };
  } catch (error) {
    return {
      key: undefined,
      reason: `the keychain is not available (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.AIRLOCK_KEYCHAIN_SERVICE || 'Airlock';
}
