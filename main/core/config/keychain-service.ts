/**
 * The keychain service Airlock's secrets live under (API keys, the audit key):
 * AIRLOCK_KEYCHAIN_SERVICE, so tests never touch a real install's keys; "Airlock" otherwise.
 */
export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.AIRLOCK_KEYCHAIN_SERVICE || 'Airlock';
}
