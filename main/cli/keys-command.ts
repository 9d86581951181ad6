import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { ensurePrivateDataDir } from '../core/config/private-data-dir.ts';
import { describeKeyListings } from '../core/keys/key-list-text.ts';
import { validateKeyName } from '../core/keys/key-name.ts';
import { createKeyScope, describeKeyScope } from '../core/keys/key-scope.ts';
import { isKeysError } from '../core/keys/keys-error.ts';
import { KeysService } from '../core/keys/keys-service.ts';
import { openKeyStore } from '../core/keys/open-key-store.ts';
import { recordCliEntry } from './record-settings-change.ts';
import { UsageError } from './usage-error.ts';
import { namedWorkspaces } from './workspace-flags.ts';

const DATA_DIR = { 'data-dir': { type: 'string' } } as const;

/**
 * `airlock keys create|list|rotate|revoke`: API keys for the HTTP transport. A secret is
 * printed once, alone on stdout (so a script can capture it); everything said to the
 * person goes to stderr. Exit code 2 for a mistake in the command, 1 when it failed.
 */
export async function keysCommand(args: readonly string[]): Promise<void> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'create':
        return await createKey(rest);
      case 'list':
        return await listKeys(rest);
      case 'rotate':
        return await rotateKey(rest);
      case 'revoke':
        return await revokeKey(rest);
      default:
        throw new UsageError(
          `${sub === undefined || sub.startsWith('-') ? 'Say what to do with keys' : `Unknown keys command "${sub}"`}: use "airlock keys create NAME", "list", "rotate NAME" or "revoke NAME".`,
        );
    }
  } catch (error) {
    if (isKeysError(error, 'invalid_name')) throw new UsageError(error.message);
    if (!isKeysError(error)) throw error;
    process.stderr.write(`airlock: ${error.message}\n`);
    process.exitCode = 1;
  }
}

async function createKey(args: readonly string[]): Promise<void> {
  const { name, values } = parseNamed('create', args, {
    ...DATA_DIR,
    workspace: { type: 'string', multiple: true },
    'allow-write': { type: 'boolean' },
  });
  validateKeyName(name);
  const scope = await createKeyScope(
    namedWorkspaces(values.workspace),
    values['allow-write'] ? 'write' : 'read',
  );
  const keys = keysService(await dataDirToWrite(values['data-dir']));
  const secret = await keys.create(name, scope);
  process.stderr.write(`Created the API key "${name}" (${describeKeyScope(scope)}):\n`);
  process.stdout.write(`${secret}\n`);
  process.stderr.write(newSecretNote());
}

async function listKeys(args: readonly string[]): Promise<void> {
  const { values } = parseStrict(args, { ...DATA_DIR, json: { type: 'boolean' } }, 0, 'list');
  const listings = await keysService(chooseDataDir(values['data-dir'])).list();
  process.stdout.write(
    values.json
      ? `${JSON.stringify(
          listings.map((key) => ({
            ...key,
            rotated: key.rotated ?? null,
            lastUsed: key.lastUsed ?? null,
          })),
          null,
          2,
        )}\n`
      : `${describeKeyListings(listings)}\n`,
  );
}

async function rotateKey(args: readonly string[]): Promise<void> {
  const { name, values } = parseNamed('rotate', args, DATA_DIR);
  const secret = await keysService(await dataDirToWrite(values['data-dir'])).rotate(name);
  process.stderr.write(`New secret for the API key "${name}"; the old one no longer works:\n`);
  process.stdout.write(`${secret}\n`);
  process.stderr.write(newSecretNote());
}

async function revokeKey(args: readonly string[]): Promise<void> {
  const { name, values } = parseNamed('revoke', args, DATA_DIR);
  await keysService(await dataDirToWrite(values['data-dir'])).revoke(name);
  process.stderr.write(
    `Revoked the API key "${name}". It no longer works, including in running servers.\n`,
  );
}

/**
 * The keys in this data dir, recorded in its audit log. A key already made is still
 * printed when its record cannot be written, as in the window: the failure is said, not fatal.
 */
function keysService(dataDir: string): KeysService {
  return new KeysService({
    store: openKeyStore(dataDir),
    transport: 'cli',
    record: (entry) => recordCliEntry(dataDir, entry),
    onRecordFailure: (entry, error) =>
      process.stderr.write(
        `airlock: the change was made, but "${entry.reason ?? ''}" could not be recorded in the audit log: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
  });
}

/** Made (private) here, so a data dir that cannot be one fails in plain words, at once. */
async function dataDirToWrite(flag: string | undefined): Promise<string> {
  const dataDir = chooseDataDir(flag);
  await ensurePrivateDataDir(dataDir);
  return dataDir;
}

function newSecretNote(): string {
  return [
    '',
    'It is stored in the system keychain and will not be shown again: copy it now into',
    'your MCP client, which sends it as the header "Authorization: Bearer <key>".',
    '',
  ].join('\n');
}

/** A command that takes exactly one NAME, before or after its flags. */
function parseNamed<const Options extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: Options,
) {
  const parsed = parseStrict(args, options, 1, command);
  return { ...parsed, name: parsed.positionals[0] as string };
}

function parseStrict<const Options extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: Options,
  positionalCount: 0 | 1,
  command: string,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionalCount) {
    throw new UsageError(
      positionalCount === 0
        ? `"airlock keys ${command}" takes no name; unexpected "${parsed.positionals.join(' ')}".`
        : `"airlock keys ${command}" needs exactly one key name, for example: airlock keys ${command} cursor-laptop`,
    );
  }
  return parsed;
}
