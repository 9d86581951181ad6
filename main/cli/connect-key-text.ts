import { isClientKeyError } from '../core/app/connections/client-key-error.ts';
import type { HandedKey, Removed } from '../core/app/connections/connect-service.ts';
import { NAME_TRIES, type RevokedKeys } from '../core/app/connections/connections-key.ts';
import type { McpClient } from '../core/connect/clients/mcp-client.ts';
import { describeKeyScope } from '../core/keys/key-scope.ts';
import { isKeysError } from '../core/keys/keys-error.ts';

// What `airlock connect` says about keys, in the command line's words: a key's reach is
// "read-only, all workspaces", and what is left to do is an `airlock keys` command. The
// window says the same things in its own words (connections-messages.ts).

/** The key a client was handed with its config, and the old keys revoked after. */
export function handedKeyText(client: McpClient, handed: HandedKey): string {
  const { key, scope, retired } = handed;
  const reach = describeKeyScope(scope);
  const sentences: string[] = [];
  switch (key.source) {
    case 'created':
      sentences.push(`Created the key "${key.name}" for ${client.name} (${reach}).`);
      break;
    case 'replaced':
      sentences.push(
        `Created the key "${key.name}" for ${client.name} (${reach}), in place of its old key.`,
      );
      break;
    case 'rotated':
      sentences.push(
        `New secret for ${client.name}'s key "${key.name}" (${reach}); the old secret no longer works.`,
      );
      break;
    case 'kept':
      sentences.push(`${client.name} keeps its key "${key.name}" (${reach}).`);
      break;
  }
  if (key.nameTaken !== undefined)
    sentences.push(
      `The name "${key.nameTaken}" belongs to a key you made yourself, which is left as it is.`,
    );
  sentences.push(...revokedText(retired, 'its old key'));
  return sentences.join(' ');
}

/** After `--remove`: the keys made for the client, revoked (or, on a dry run, to be). */
export function removedKeysText(removed: Removed, dryRun: boolean): string | undefined {
  const { client } = removed;
  if (removed.unlisted !== undefined)
    return `The key list could not be read (${reasonOf(removed.unlisted)}), so the keys made for ${client.name} may still work; see "airlock keys list".`;
  if (dryRun) {
    if (removed.madeFor.length === 0) return undefined;
    const noun = removed.madeFor.length > 1 ? 'the keys' : 'the key';
    return `A real run would also revoke ${noun} ${quotedList(removed.madeFor)} made for ${client.name}.`;
  }
  const sentences = revokedText(removed.revoked, 'the key', ` made for ${client.name}`);
  return sentences.length === 0 ? undefined : sentences.join(' ');
}

/** A client that could not be given its key, said for the command line; else undefined. */
export function clientKeyFailureText(
  error: unknown,
  client: McpClient,
  describe: (error: unknown) => string,
): string | undefined {
  if (!isClientKeyError(error)) return undefined;
  if (error.code === 'no_free_name')
    return `No name is free for a new key for ${client.name}: "${error.keyName}" to "${error.keyName}-${NAME_TRIES}" are all taken. Revoke keys you no longer use with "airlock keys revoke NAME", then run this again.`;
  return `${describe(error.cause)} The key "${error.keyName}" had already been given a new secret, which ${client.name} does not have, so its old secret no longer works: run "airlock connect ${client.id}" again for a new one.`;
}

/** `Revoked its old key "cursor"; it no longer works.`, and each key that could not be. */
function revokedText(keys: RevokedKeys, noun: string, madeFor = ''): string[] {
  const sentences: string[] = [];
  if (keys.revoked.length > 0) {
    const plural = keys.revoked.length > 1;
    const names = quotedList(keys.revoked);
    sentences.push(
      `Revoked ${noun}${plural ? 's' : ''} ${names}${madeFor}; ${plural ? 'they no longer work' : 'it no longer works'}.`,
    );
  }
  for (const { name, error } of keys.failed) {
    // A key whose secret stayed in the keychain no longer works; its own words say what to do.
    if (isKeysError(error, 'partly_revoked')) sentences.push(error.message);
    else
      sentences.push(
        `The key "${name}" could not be revoked (${reasonOf(error)}), so it still works: revoke it with "airlock keys revoke ${name}".`,
      );
  }
  return sentences;
}

/** `"a"`, or `"a", "b" and "c"`. */
function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length === 1) return quoted[0] ?? '';
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
