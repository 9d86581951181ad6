import { digestApiKey } from '../keys/key-format.ts';
import type { KeyScope } from '../keys/key-scope.ts';
import type { KeychainKeyStore } from '../keys/keychain-key-store.ts';
import { digestsEqual } from '../keys/key-verifier.ts';
import type { KeysManager } from './keys-manager.ts';
import type { KeyView } from './keys-view.ts';

/** The app's keys: the manager the Keys page uses (audit records, plain words), and the store's digests. */
export interface ClientKeys {
  readonly manager: Pick<KeysManager, 'list' | 'create' | 'rotate' | 'revoke'>;
  readonly store: Pick<KeychainKeyStore, 'loadVerifierEntries'>;
}

/** `created`: new. `kept`: the same key as before. `replaced`: a new secret (or scope) for it. */
export interface AppClientKey {
  readonly name: string;
  /** Undefined when the key is kept and the app holds the secret itself (VS Code). */
  readonly secret: string | undefined;
  readonly source: 'created' | 'kept' | 'replaced';
}

export interface ClientKeyRequest {
  /** The key is named after the client, as `airlock connect` names it. */
  readonly name: string;
  readonly folders: readonly string[];
  readonly access: 'read' | 'write';
  /** The same folders resolved as a key's scope, to compare with an existing key. */
  readonly scope: KeyScope;
  /** The secret the client's settings file holds now, if any. */
  readonly secretInFile: string | undefined;
  /** False for a client that keeps the key in its own secret storage. */
  readonly secretNeeded: boolean;
}

/**
 * The key named after a client, with the scope the person chose now. The same scope keeps
 * the key, and the file's secret when it is still that key's, so connecting twice changes
 * nothing; a lost or stale secret is rotated. Another scope replaces the key (the old
 * secret stops working), since a key's scope is fixed when it is made.
 */
export async function keyForClient(
  keys: ClientKeys,
  request: ClientKeyRequest,
): Promise<AppClientKey> {
  const { name, folders, access } = request;
  const listed = (await keys.manager.list()).find((key) => key.name === name);
  if (listed === undefined) {
    const made = await keys.manager.create({ name, folders, access });
    return { name, secret: made.secret, source: 'created' };
  }
  if (sameScope(listed, request.scope)) {
    if (!request.secretNeeded) return { name, secret: undefined, source: 'kept' };
    const current = request.secretInFile;
    if (current !== undefined && (await isSecretOf(keys.store, name, current)))
      return { name, secret: current, source: 'kept' };
    return { name, secret: (await keys.manager.rotate(name)).secret, source: 'replaced' };
  }
  await keys.manager.revoke(name);
  const made = await keys.manager.create({ name, folders, access });
  return { name, secret: made.secret, source: 'replaced' };
}

export function sameScope(key: KeyView, scope: KeyScope): boolean {
  if (key.access !== scope.access) return false;
  if (key.folders === 'all' || scope.workspaces === 'all') return key.folders === scope.workspaces;
  const wanted = new Set(scope.workspaces);
  return key.folders.length === wanted.size && key.folders.every((folder) => wanted.has(folder));
}

/** Compared as digests, in constant time, the way the HTTP server compares keys. */
async function isSecretOf(
  store: ClientKeys['store'],
  name: string,
  secret: string,
): Promise<boolean> {
  const entry = (await store.loadVerifierEntries()).find((candidate) => candidate.name === name);
  return entry !== undefined && digestsEqual(entry.digest, digestApiKey(secret));
}
