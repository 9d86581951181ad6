import {
  abandonClientKey,
  keyForClient,
  retireOldClientKeys,
  type AppClientKey,
  type ClientKeyRequest,
  type ClientKeys,
  type RevokedKeys,
} from './connections-key.ts';

/** What giving an app its key came to: the key, what the app was handed, the keys retired. */
export interface KeyHandoff<T> {
  readonly key: AppClientKey;
  readonly delivered: T;
  readonly retired: RevokedKeys;
}

/**
 * Connecting an HTTP app, whoever asks (the window or `airlock connect`): the key chosen by
 * `keyForClient` (only a key made for this app is reused; a person's own key is never taken
 * over), handed to the app by `deliver` (a settings file written, an install link opened).
 * If that fails, a key made for the attempt is revoked again, so the app keeps working as
 * before; once it succeeds, the keys made for the app before are revoked.
 */
export async function handKeyToClient<T>(
  keys: ClientKeys,
  request: ClientKeyRequest,
  deliver: (key: AppClientKey) => Promise<T>,
): Promise<KeyHandoff<T>> {
  const key = await keyForClient(keys, request);
  let delivered: T;
  try {
    delivered = await deliver(key);
  } catch (error) {
    throw await abandonClientKey(keys, key, error);
  }
  // At once, so that a server reloading its keys sees both changes together.
  const retired = await retireOldClientKeys(keys, key);
  return { key, delivered, retired };
}
