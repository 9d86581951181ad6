import type { AuditEntry } from '../../audit/audit-record.ts';
import { keysFilePath } from '../../keys/key-metadata.ts';
import { validateKeyName } from '../../keys/key-name.ts';
import { createKeyScope, type KeyScope } from '../../keys/key-scope.ts';
import { isKeysError } from '../../keys/keys-error.ts';
import { KeysService, type KeyManagementStore } from '../../keys/keys-service.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import type { PathPlatform } from '../../policy/platform.ts';
import { AppError } from '../ipc/app-error.ts';
import type { AppKeyStore } from '../serving/app-http-transport.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import { keyView } from './keys-view.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';
import type { KeyView, NewKeySecret } from '../../../../preload/contract/key-views.ts';

export type { KeyManagementStore } from '../../keys/keys-service.ts';

/** The key store the app is given: what its HTTP server reads, and what the window changes. */
export type AppManagedKeyStore = AppKeyStore & KeyManagementStore;

export interface KeysManagerOptions {
  readonly store: KeyManagementStore;
  /** The workspaces shared now: a new key may reach only some of these. */
  readonly workspaces: () => readonly WorkspaceView[];
  /** Writes a settings_change record to the app's audit log. */
  readonly record: (entry: AuditEntry) => Promise<void>;
  readonly log: DiagnosticsLog;
  readonly platform: PathPlatform;
}

export interface NewKeyRequest {
  readonly name: string;
  /** Paths of workspaces, as the window got them; at least one. */
  readonly workspaces: readonly string[];
  readonly access: WorkspaceAccess;
  /** Set by Connections only: the app the key is made for (never by the Keys page). */
  readonly madeFor?: string | undefined;
}

/**
 * API keys as the window manages them: the keys service the CLI uses too, on the key
 * store the app's HTTP server uses (a new key works at once, a revoked one stops at once),
 * with the window's folder rules and every failure turned into plain words for the
 * window. A secret is returned once, to the caller, and goes nowhere else: not into the
 * audit record, the diagnostics log or any later listing.
 */
export class KeysManager {
  readonly #options: KeysManagerOptions;
  readonly #keys: KeysService;

  constructor(options: KeysManagerOptions) {
    this.#options = options;
    this.#keys = new KeysService({
      store: options.store,
      transport: 'app',
      record: options.record,
      onRecordFailure: (entry, error) =>
        options.log.error(
          `could not record "${entry.reason ?? ''}" for the key "${String(entry.detail?.key)}" in the activity log: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
  }

  async list(): Promise<KeyView[]> {
    try {
      return (await this.#keys.list()).map(keyView);
    } catch (error) {
      throw this.#plainWords(error, undefined);
    }
  }

  async create({ name, workspaces, access, madeFor }: NewKeyRequest): Promise<NewKeySecret> {
    checkName(name);
    const scope = await this.#scopeOf(workspaces, access);
    let secret: string;
    try {
      secret = await this.#keys.create(name, scope, madeFor);
    } catch (error) {
      throw await this.#createFailure(error, name);
    }
    return this.#withSecret(name, secret);
  }

  async rotate(name: string): Promise<NewKeySecret> {
    let secret: string;
    try {
      secret = await this.#keys.rotate(name);
    } catch (error) {
      throw this.#plainWords(error, name);
    }
    return this.#withSecret(name, secret);
  }

  async revoke(name: string): Promise<KeyView[]> {
    try {
      await this.#keys.revoke(name);
    } catch (error) {
      if (!isKeysError(error, 'partly_revoked')) throw this.#plainWords(error, name);
      throw new AppError(
        'unavailable',
        `The key "${name}" no longer works and is gone from the list, but its old secret could not be removed from your system keychain. It cannot be used; unlock the keychain before you make another key named "${name}".`,
      );
    }
    return this.list();
  }

  /** Only workspaces shared now, resolved to their real paths as the CLI does. */
  async #scopeOf(workspaces: readonly string[], access: WorkspaceAccess): Promise<KeyScope> {
    const chosen = [...new Set(workspaces)];
    if (chosen.length === 0)
      throw new AppError('invalid_workspace', 'Choose at least one folder this key can use.');
    const shared = new Set(this.#options.workspaces().map((workspace) => workspace.path));
    for (const path of chosen) {
      if (!shared.has(path))
        throw new AppError(
          'invalid_workspace',
          `"${path}" is not one of the folders the agent can use. Share it in Folders first, then make the key.`,
        );
    }
    try {
      return await createKeyScope(chosen, access, this.#options.platform);
    } catch (error) {
      if (isKeysError(error, 'invalid_scope'))
        throw new AppError(
          'invalid_workspace',
          `${error.message} A key can only be made for a folder that is there now.`,
        );
      throw error;
    }
  }

  async #withSecret(name: string, secret: string): Promise<NewKeySecret> {
    const keys = await this.list();
    const key = keys.find((candidate) => candidate.name === name);
    if (!key) throw new Error(`the key "${name}" is missing from the list right after a change`);
    return { key, secret, keys };
  }

  async #createFailure(error: unknown, name: string): Promise<unknown> {
    if (!isKeysError(error, 'duplicate_key')) return this.#plainWords(error, name);
    const listed = await this.#options.store.list().then(
      (keys) => keys.some((key) => key.name === name),
      () => true,
    );
    return new AppError(
      'already_added',
      listed
        ? `There is already a key named "${name}". Choose another name, or rotate that key to give it a new secret.`
        : `Your system keychain still holds an old secret named "${name}", perhaps from another copy of Airlock. Choose another name.`,
    );
  }

  /** A KeysError in the window's words; anything else is left for the dispatcher. */
  #plainWords(error: unknown, name: string | undefined): unknown {
    if (!isKeysError(error)) return error;
    const keysError = error;
    switch (keysError.code) {
      case 'keychain_unavailable':
        this.#options.log.warn(`the system keychain is not available: ${keysError.message}`);
        return new AppError('unavailable', keychainAdvice(this.#options.platform.name));
      case 'unknown_key':
        return new AppError(
          'not_found',
          `There is no key named "${name ?? ''}". It may have been revoked already.`,
        );
      case 'corrupt_metadata':
        this.#options.log.error(keysError.message);
        return new AppError(
          'unavailable',
          `The list of keys (${keysFilePath(this.#options.store.dataDir)}) is damaged, so Airlock changed nothing. Restore it from a backup, or move it aside and make your keys again.`,
        );
      case 'busy':
        return new AppError(
          'unavailable',
          'Another part of Airlock is changing the keys right now. Wait a moment, then try again.',
        );
      case 'invalid_name':
        return new AppError('invalid_name', keysError.message);
      case 'invalid_scope':
        return new AppError('invalid_workspace', keysError.message);
      case 'duplicate_key':
        return new AppError('already_added', `There is already a key named "${name ?? ''}".`);
      case 'partly_revoked':
        return new AppError('unavailable', keysError.message);
    }
  }
}

/** A name the window sent: the core's rules, with a gentler word for an empty field. */
function checkName(name: string): void {
  if (name.trim() === '')
    throw new AppError(
      'invalid_name',
      'Give the key a name, for example the app that will use it: "cursor-laptop".',
    );
  try {
    validateKeyName(name);
  } catch (error) {
    if (isKeysError(error, 'invalid_name')) throw new AppError('invalid_name', error.message);
    throw error;
  }
}

function keychainAdvice(platform: PathPlatform['name']): string {
  const advice =
    platform === 'darwin'
      ? 'Unlock your login keychain (open Keychain Access), and allow Airlock when macOS asks.'
      : platform === 'win32'
        ? 'Make sure you are signed in to Windows normally, so that Credential Manager is available.'
        : 'On Linux this needs a keyring, such as GNOME Keyring or KWallet, running and unlocked in your desktop session.';
  return `Airlock could not use your system keychain, where keys are kept, so nothing was changed. ${advice} Then try again.`;
}
