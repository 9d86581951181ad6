import { createKeyScope } from '../../keys/key-scope.ts';
import type { KeychainKeyStore } from '../../keys/keychain-key-store.ts';
import { isKeysError } from '../../keys/keys-error.ts';
import type { KeysService } from '../../keys/keys-service.ts';
import { AppError } from '../ipc/app-error.ts';
import type { ClientKeys } from './connections-key.ts';
import { keyView } from '../keys/keys-view.ts';
import type { NewKeySecret } from '../../../../preload/contract/key-views.ts';

/**
 * An app's keys for `airlock connect`: the core keys service (its audit records) with the
 * command line's reach: any folder (no running app needs to have shared it), or every
 * workspace when none is named. A name already taken becomes `already_added`, which the
 * shared rules read as "try the next name".
 */
export function storeClientKeys(
  service: KeysService,
  store: Pick<KeychainKeyStore, 'loadVerifierEntries'>,
): ClientKeys {
  const list = async () => (await service.list()).map(keyView);
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
      async create({ name, workspaces, access, madeFor }) {
        const scope = await createKeyScope(workspaces, access);
        try {
          return await withSecret(name, await service.create(name, scope, madeFor));
        } catch (error) {
          if (isKeysError(error, 'duplicate_key'))
            throw new AppError('already_added', error.message);
          throw error;
        }
      },
      rotate: async (name) => withSecret(name, await service.rotate(name)),
      async revoke(name) {
        await service.revoke(name);
        return list();
      },
    },
  };
}
