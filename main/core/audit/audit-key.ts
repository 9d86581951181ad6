import { randomBytes } from 'node:crypto';
import type { Keychain } from '../platform/keychain.ts';
import { openSystemKeychain } from '../platform/system-keychain.ts';

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
  | {
      readonly key: undefined;
      /** The keychain's own short words: why there is no key. */
      readonly reason: string;
      /** Whether the keychain answered (and holds no key yet), rather than being out of reach. */
      readonly keychainAnswered: boolean;
    };

/**
 * The keychain each loaded key came from. The head anchor is kept beside the key, so
 * whoever holds the key can find it there, without every layer in between (the core, the
 * app's servers) carrying a second value. Keys made up in tests have none, and so never
 * reach a real keychain.
 */
const keychainOfKey = new WeakMap<Uint8Array, Keychain>();

export function keychainHolding(key: Uint8Array | undefined): Keychain | undefined {
  return key ? keychainOfKey.get(key) : undefined;
}

/** Marks `key` as kept in `keychain`: for loadAuditKey, and for tests with a stand-in keychain. */
export function rememberKeychainOf(key: Uint8Array, keychain: Keychain): void {
  keychainOfKey.set(key, keychain);
}

/**
 * Loads the key that anchors the audit chain. When the keychain is missing or locked the
 * log is still hash-chained but not keyed, and the caller says so; the key is never
 * written anywhere else as a fallback.
 */
export async function loadAuditKey(
  options: AuditKeyOptions,
  keychain: Keychain = openSystemKeychain(options.service, {
    timeoutMs: options.timeoutMs ?? 3000,
  }),
): Promise<AuditKeyResult> {
  let stored: string | undefined;
  try {
    stored = await keychain.get(AUDIT_KEY_ACCOUNT);
  } catch (error) {
    return { key: undefined, reason: keychainWords(error), keychainAnswered: false };
  }
  if (stored) return remembered(Buffer.from(stored, 'base64'), false, keychain);
  if (!options.create)
    return { key: undefined, reason: 'no audit key in the keychain yet', keychainAnswered: true };
  const fresh = randomBytes(32);
  try {
    await keychain.set(AUDIT_KEY_ACCOUNT, fresh.toString('base64'));
  } catch (error) {
    return { key: undefined, reason: keychainWords(error), keychainAnswered: false };
  }
  return remembered(fresh, true, keychain);
}

function remembered(key: Uint8Array, created: boolean, keychain: Keychain): AuditKeyResult {
  rememberKeychainOf(key, keychain);
  return { key, created };
}

/**
 * The binding's own words, without the advice about API keys that the keys commands add:
 * here nothing failed that the person asked for, so one short reason is enough.
 */
export function keychainWords(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The one line said when the audit log cannot be keyed. */
export function unkeyedWarning(reason: string): string {
  return `the audit log is hash-chained but not keyed: no system keychain (${reason})`;
}
