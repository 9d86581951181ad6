import type { KeyListing } from './keychain-key-store.ts';

/**
 * `airlock keys list` for people: one block per key, so long folder paths stay readable.
 * Times are shown in UTC minutes, the same on every machine and in every test.
 */
export function describeKeyListings(listings: readonly KeyListing[]): string {
  if (listings.length === 0)
    return 'No API keys yet. Make one with: airlock keys create NAME [--workspace DIR]... [--allow-write]';
  const blocks = listings.map((key) => {
    const lines = [
      key.name,
      `  created:    ${shortTime(key.created)}${key.rotated ? ` (new secret ${shortTime(key.rotated)})` : ''}`,
      `  last used:  ${key.lastUsed ? shortTime(key.lastUsed) : 'never'}`,
      `  access:     ${key.scope.access === 'write' ? 'read and change files' : 'read only'}`,
      `  workspaces: ${key.scope.workspaces === 'all' ? 'all' : key.scope.workspaces.join('\n              ')}`,
    ];
    if (!key.inKeychain) {
      lines.push(
        `  WARNING: its secret is missing from the system keychain, so it cannot be used. Run "airlock keys rotate ${key.name}" for a new secret, or revoke it.`,
      );
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
