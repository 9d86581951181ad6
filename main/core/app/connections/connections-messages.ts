import type { McpClient } from '../../connect/clients/mcp-client.ts';
import type { ConfigWriteResult } from '../../connect/write-config.ts';
import type { KeyScope } from '../../keys/key-scope.ts';
import type { HandedKey, Removed } from './connect-service.ts';
import { NO_KEYS_REVOKED, type AppClientKey, type RevokedKeys } from './connections-key.ts';
import { RESTART_REQUIRED } from './connections-list.ts';

/** What came of connecting, in plain words: what was written, the backup, the key, what next. */
export function connectedMessage(
  client: McpClient,
  result: ConfigWriteResult,
  http: HandedKey | undefined,
  secretShown: boolean,
  /** A Repair: Airlock's entry was gone or changed, and is written again. */
  repaired = false,
): string {
  const keyChanged =
    http !== undefined && (http.key.source !== 'kept' || http.retired.revoked.length > 0);
  const sentences: string[] = [];
  if (result.changed) {
    sentences.push(
      repaired
        ? `Put Airlock's entry back into ${client.name}'s settings.`
        : `Added Airlock to ${client.name}.`,
    );
    if (result.backup) sentences.push(`A backup of your old settings is at ${result.backup}.`);
    else if (result.created) sentences.push(`Its settings file is new: ${result.file}.`);
  } else {
    sentences.push(`${client.name} already has Airlock in its settings (${result.file}).`);
  }
  if (http) sentences.push(keySentence(client, http.key, http.scope, http.retired));
  if (secretShown)
    sentences.push(
      `${client.name} asks for the key the first time it starts Airlock: copy it from below. It is kept in ${client.name}'s own secret storage and is not shown again.`,
    );
  else if (http && !client.keyInFile)
    sentences.push(
      `${client.name} keeps the key it was given. If it asks for the key again, rotate the key "${http.key.name}" on the Keys page to get a new one.`,
    );
  sentences.push(result.changed || keyChanged ? finishSentence(client) : 'Nothing was changed.');
  return sentences.join(' ');
}

export function disconnectedMessage(removed: Removed): string {
  const { client, written, revoked } = removed;
  const sentences: string[] = [];
  if (written?.changed) {
    sentences.push(`Removed Airlock from ${client.name}.`);
    if (written.backup) sentences.push(`A backup of its old settings is at ${written.backup}.`);
  } else {
    sentences.push(`${client.name}'s settings did not include Airlock; nothing was changed there.`);
  }
  if (removed.unlisted !== undefined)
    sentences.push(
      `Airlock could not look up ${client.name}'s key to revoke it: ${messageOf(removed.unlisted)}`,
    );
  if (revoked.revoked.length > 0) sentences.push(revokedSentence(revoked.revoked, 'Its key'));
  for (const { name, error } of revoked.failed)
    sentences.push(`Its key "${name}" is still there: ${messageOf(error)}`);
  if (written?.changed) sentences.push(finishSentence(client));
  return sentences.join(' ');
}

export function keySentence(
  client: McpClient,
  key: AppClientKey,
  scope: KeyScope,
  retired: RevokedKeys = NO_KEYS_REVOKED,
): string {
  const sentences = [mainKeySentence(client, key, reachOf(scope))];
  if (key.nameTaken !== undefined)
    sentences.push(
      `The name "${key.nameTaken}" belongs to a key you made yourself, which Airlock leaves as it is.`,
    );
  if (retired.revoked.length > 0) sentences.push(revokedSentence(retired.revoked, 'Its old key'));
  for (const { name, error } of retired.failed)
    sentences.push(
      `The old key "${name}" could not be revoked (${messageOf(error).replace(/\.$/, '')}); revoke it on the Keys page.`,
    );
  return sentences.join(' ');
}

function mainKeySentence(client: McpClient, key: AppClientKey, reach: string): string {
  switch (key.source) {
    case 'created':
      return `${client.name} uses a new key, "${key.name}" (${reach}).`;
    case 'replaced':
      return `${client.name} uses a new key, "${key.name}" (${reach}), in place of its old one.`;
    case 'rotated':
      return `${client.name}'s key "${key.name}" was given a new secret (${reach}); the old secret no longer works.`;
    case 'kept':
      return `${client.name} keeps its key "${key.name}" (${reach}).`;
  }
}

/** `Its key "cursor" was revoked and no longer works.`, or of several keys. */
function revokedSentence(names: readonly string[], what: string): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length === 1) return `${what} ${quoted[0]} was revoked and no longer works.`;
  return `${what}s ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)} were revoked and no longer work.`;
}

/** "can read /a, /b": a key's reach in the window's words. */
export function reachOf(scope: KeyScope): string {
  const how = scope.access === 'write' ? 'can read and change' : 'can read';
  const where = scope.workspaces === 'all' ? 'every shared folder' : scope.workspaces.join(', ');
  return `${how} ${where}`;
}

/** "Restart Claude Desktop to finish.", or how the app picks up the change on its own. */
function finishSentence(client: McpClient): string {
  return RESTART_REQUIRED[client.id] ? `Restart ${client.name} to finish.` : client.restart;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
