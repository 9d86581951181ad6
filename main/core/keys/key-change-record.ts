import type { AuditEntry } from '../audit/audit-record.ts';
import { describeKeyScope, type KeyScope } from './key-scope.ts';

/** Who changed a key: the CLI (`airlock keys`, `airlock connect`) or the window. */
export type KeyChangeTransport = 'cli' | 'app';

/**
 * The reason each key change gives in its settings_change record. The activity view and
 * people's searches match these words, so every front end takes them from here.
 */
export const KEY_CHANGE_REASONS = {
  created: 'API key created',
  rotated: 'API key rotated',
  revoked: 'API key revoked',
} as const;

export type KeyChange =
  | {
      readonly change: 'created';
      readonly key: string;
      readonly scope: KeyScope;
      readonly madeFor?: string | undefined;
    }
  | { readonly change: 'rotated'; readonly key: string }
  | { readonly change: 'revoked'; readonly key: string; readonly secretLeftInKeychain?: boolean };

/** The settings_change record of one key change; it never holds a secret. */
export function keyChangeRecord(change: KeyChange, transport: KeyChangeTransport): AuditEntry {
  return {
    event: 'settings_change',
    transport,
    outcome: 'ok',
    reason: KEY_CHANGE_REASONS[change.change],
    detail: keyChangeDetail(change),
  };
}

function keyChangeDetail(change: KeyChange): Record<string, unknown> {
  switch (change.change) {
    case 'created':
      return {
        key: change.key,
        scope: describeKeyScope(change.scope),
        ...(change.madeFor === undefined ? {} : { madeFor: change.madeFor }),
      };
    case 'rotated':
      return { key: change.key };
    case 'revoked':
      // A key whose old secret stayed in the keychain still no longer works: the record says so.
      return change.secretLeftInKeychain
        ? { key: change.key, secretLeftInKeychain: true }
        : { key: change.key };
  }
}
