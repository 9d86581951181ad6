import type { KeyView } from '../../../../preload/contract/key-views.ts';
import type { KeyListing } from '../../keys/keychain-key-store.ts';

/** A key as the window shows it: its listing, without the secret. */
export function keyView(listing: KeyListing): KeyView {
  return {
    name: listing.name,
    created: listing.created,
    rotated: listing.rotated ?? null,
    lastUsed: listing.lastUsed ?? null,
    access: listing.scope.access,
    workspaces: listing.scope.workspaces === 'all' ? 'all' : [...listing.scope.workspaces],
    inKeychain: listing.inKeychain,
    madeFor: listing.madeFor ?? null,
  };
}
