import type { KeyChannel } from '../../../../preload/ipc-channels.ts';
import type { KeysManager } from '../keys/keys-manager.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface KeysIpcDependencies {
  /** The app's keys, on the store its HTTP server checks: a new key works there at once. */
  readonly keys: Pick<KeysManager, 'list' | 'create' | 'rotate' | 'revoke'>;
}

/** API keys: a secret is in the answer to createKey and rotateKey, and nowhere else. */
export function keysIpc(app: KeysIpcDependencies): ChannelImplementations<KeyChannel> {
  return {
    listKeys: () => app.keys.list(),
    createKey: (request) => app.keys.create(request),
    revokeKey: ({ name }) => app.keys.revoke(name),
    rotateKey: ({ name }) => app.keys.rotate(name),
  };
}
