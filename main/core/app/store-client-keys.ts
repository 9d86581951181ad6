import type { KeychainKeyStore } from '../keys/keychain-key-store.ts';
import { createKeyScope, describeKeyScope } from '../keys/key-scope.ts';
import { isKeysError } from '../keys/keys-error.ts';
import { AppError } from './app-error.ts';
import type { ClientKeys } from './connections-key.ts';
import { keyView, type NewKeySecret } from './keys-view.ts';

/** Writes a settings_change record ("API key created" …) to the audit log. */
export type RecordKeyChange = (reason: string, detail: Record<string, unknown>) => Promise<void>;

/**
 * An app's keys for `airlock connect`: the key store itself, under the same rules and with
 * the same audit records as the window's Keys manager, but with the command line's reach:
 * any folder (it needs no running app to have shared it), or every workspace when no
 * folder is named. A name already taken becomes `already_added`, which the shared rules
 * read as "try the next name".
 */
export function storeClientKeys(
  store: Pick<KeychainKeyStore, 'create' | 'list' | 'rotate' | 'revoke' | 'loadVerifierEntries'>,
  record: RecordKeyChange,
): ClientKeys {
  const list = async () => (await store.list()).map(keyView);
  const withSecret = async (name: string, secret: string): Promise<NewKeySecret> => {
    const keys = await list();
    const key = keys.find((candidate) => candidate.name === name);
    if (!key) throw new Error(`the key "${name}" is missing from the list right after a change`);
    return { key, secret, keys };
  };
  return {
    store,
    manager: {
      list,
      async create({ name, folders, access, madeFor }) {
        const scope = await createKeyScope(folders, access);
        let secret: string;
        try {
          secret = await store.create(name, scope, { madeFor });
        } catch (error) {
          if (isKeysError(error, 'duplicate_key'))
            throw new AppError('already_added', error.message);
          throw error;
        }
        await record('API key created', {
          key: name,
          scope: describeKeyScope(scope),
          ...(madeFor === undefined ? {} : { madeFor }),
        });
        return withSecret(name, secret);
      },
      async rotate(name) {
        const secret = await store.rotate(name);
        await record('API key rotated', { key: name });
        return withSecret(name, secret);
      },
      async revoke(name) {
        await store.revoke(name);
        await record('API key revoked', { key: name });
        return list();
      },
    },
  };
}
