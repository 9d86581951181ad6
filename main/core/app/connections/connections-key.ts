import { digestApiKey } from '../../keys/key-format.ts';
import type { KeyScope } from '../../keys/key-scope.ts';
import type { KeychainKeyStore } from '../../keys/keychain-key-store.ts';
import { digestsEqual } from '../../keys/key-verifier.ts';
import { AppError } from '../ipc/app-error.ts';
import { ClientKeyError } from './client-key-error.ts';
import type { KeysManager } from '../keys/keys-manager.ts';
import type { KeyView } from '../../../../preload/contract/key-views.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';

/**
 * A client's keys as a front end gives them: the window's Keys page manager, or the core
 * keys service for `airlock connect` (store-client-keys.ts); each records its changes in
 * the audit log. And the store's digests, to tell whether a secret in a config is current.
 */
export interface ClientKeys {
  readonly manager: Pick<KeysManager, 'list' | 'create' | 'rotate' | 'revoke'>;
  readonly store: Pick<KeychainKeyStore, 'loadVerifierEntries'>;
}

/**
 * The key an app is given. `created`: new. `kept`: the same key and secret as before.
 * `rotated`: the same key with a new secret; the old secret stopped working at once.
 * `replaced`: a new key with the scope chosen now; the key it replaces goes on working
 * until `retireOldClientKeys` revokes it, once the app holds the new one.
 */
export interface AppClientKey {
  readonly name: string;
  /** Undefined when the key is kept and the app holds the secret itself (VS Code). */
  readonly secret: string | undefined;
  readonly source: 'created' | 'kept' | 'rotated' | 'replaced';
  /** Keys made for this app before, to revoke once the app holds this one. */
  readonly retire: readonly string[];
  /** The app's own name, when a key the person made holds it (this key has another). */
  readonly nameTaken: string | undefined;
}

export interface ClientKeyRequest {
  /**
   * The app (`cursor`): the key is marked as made for it, and named after it when that
   * name is free, as `airlock connect` names it.
   */
  readonly client: string;
  readonly workspaces: readonly string[];
  readonly access: WorkspaceAccess;
  /** The same workspaces resolved as a key's scope, to compare with an existing key. */
  readonly scope: KeyScope;
  /** The secret the client's settings file holds now, if any. */
  readonly secretInFile: string | undefined;
  /** False for a client that keeps the key in its own secret storage. */
  readonly secretNeeded: boolean;
}

/** How many names (`cursor`, `cursor-2` … `cursor-20`) are tried for an app's new key. */
export const NAME_TRIES = 20;

/**
 * The key made for a client, with the scope the person chose now. Only a key Airlock made
 * for this app (marked `madeFor`) is ever reused, rotated or replaced: a key the person
 * made is left alone even when it has the app's name. The same scope keeps the key, and
 * the file's secret when it is still that key's, so connecting twice changes nothing; a
 * lost or stale secret is rotated. Another scope makes a new key (a key's scope is fixed
 * when it is made) while the old one keeps working, so that a failure later leaves the app
 * as it was: the caller revokes the old key only once the app holds the new one.
 */
export async function keyForClient(
  keys: ClientKeys,
  request: ClientKeyRequest,
): Promise<AppClientKey> {
  const listed = await keys.manager.list();
  const ours = keysMadeFor(listed, request.client);
  const current = ours.at(-1);
  if (current !== undefined && sameScope(current, request.scope)) {
    const kept = { name: current.name, retire: namesOf(ours.slice(0, -1)), nameTaken: undefined };
    if (!request.secretNeeded) return { ...kept, secret: undefined, source: 'kept' };
    const inFile = request.secretInFile;
    if (inFile !== undefined && (await isSecretOf(keys.store, current.name, inFile)))
      return { ...kept, secret: inFile, source: 'kept' };
    const { secret } = await keys.manager.rotate(current.name);
    return { ...kept, secret, source: 'rotated' };
  }
  const made = await createFor(keys, request, listed);
  return {
    ...made,
    source: current === undefined ? 'created' : 'replaced',
    retire: namesOf(ours),
  };
}

/**
 * Keys revoked for a client, and those that could not be revoked (they still work), each
 * with its error, for the window and the command line to say in their own words.
 */
export interface RevokedKeys {
  readonly revoked: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: unknown }[];
}

export const NO_KEYS_REVOKED: RevokedKeys = { revoked: [], failed: [] };

/** Once the app holds its key: the keys made for it before are revoked. */
export function retireOldClientKeys(keys: ClientKeys, key: AppClientKey): Promise<RevokedKeys> {
  return revokeClientKeys(keys, key.retire);
}

/**
 * The app could not be given its key: a key made for the attempt is revoked again, so the
 * app's old key (if any) works as before. A rotation cannot be undone: the error returned
 * says which key lost its secret, and why the app did not get the new one.
 */
export async function abandonClientKey(
  keys: ClientKeys,
  key: AppClientKey,
  error: unknown,
): Promise<unknown> {
  if (key.source === 'created' || key.source === 'replaced') {
    await keys.manager.revoke(key.name).catch(() => undefined);
    return error;
  }
  if (key.source === 'rotated') {
    const reason = error instanceof Error ? error.message : String(error);
    return new ClientKeyError('secret_not_delivered', key.name, reason, { cause: error });
  }
  return error;
}

/**
 * Revokes each named key, one by one; a key that cannot be revoked is noted with its error
 * and the others are still tried. The app's new key works either way.
 */
export async function revokeClientKeys(
  keys: ClientKeys,
  names: readonly string[],
): Promise<RevokedKeys> {
  const revoked: string[] = [];
  const failed: { name: string; error: unknown }[] = [];
  for (const name of names) {
    try {
      await keys.manager.revoke(name);
      revoked.push(name);
    } catch (error) {
      failed.push({ name, error });
    }
  }
  return { revoked, failed };
}

/** The keys Airlock made for the app, oldest first: the last is the one the app uses. */
export function keysMadeFor(keys: readonly KeyView[], client: string): KeyView[] {
  return keys
    .filter((key) => key.madeFor === client)
    .sort((a, b) => a.created.localeCompare(b.created));
}

export function sameScope(key: KeyView, scope: KeyScope): boolean {
  if (key.access !== scope.access) return false;
  if (key.workspaces === 'all' || scope.workspaces === 'all')
    return key.workspaces === scope.workspaces;
  const wanted = new Set(scope.workspaces);
  return key.workspaces.length === wanted.size && key.workspaces.every((path) => wanted.has(path));
}

/**
 * A new key marked as made for the app, under its name or, when that is taken (a key of
 * the person's, the app's old key, an old secret left in the keychain), `<app>-2` and so on.
 */
async function createFor(
  keys: ClientKeys,
  request: ClientKeyRequest,
  listed: readonly KeyView[],
): Promise<{ name: string; secret: string; nameTaken: string | undefined }> {
  const { client, workspaces, access } = request;
  const taken = new Set(listed.map((key) => key.name));
  const holder = listed.find((key) => key.name === client);
  const nameTaken = holder !== undefined && holder.madeFor !== client ? client : undefined;
  for (let n = 1; n <= NAME_TRIES; n += 1) {
    const name = n === 1 ? client : `${client}-${n}`;
    if (taken.has(name)) continue;
    try {
      const made = await keys.manager.create({ name, workspaces, access, madeFor: client });
      return { name, secret: made.secret, nameTaken };
    } catch (error) {
      // The keychain still holds an old secret of that name: the next name will do.
      if (error instanceof AppError && error.code === 'already_added') continue;
      throw error;
    }
  }
  throw new ClientKeyError(
    'no_free_name',
    client,
    `No name is free for a new key: "${client}" to "${client}-${NAME_TRIES}" are all taken.`,
  );
}

function namesOf(keys: readonly KeyView[]): string[] {
  return keys.map((key) => key.name);
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
