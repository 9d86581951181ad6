import { KeysError } from './keys-error.ts';

/** The name the key given in the MCP_API_KEY environment variable goes by in the audit log. */
export const ENV_KEY_NAME = 'MCP_API_KEY';

const NAME_SHAPE = /^[A-Za-z0-9 ._-]{1,64}$/;

/**
 * Checks a key name a person chose. Names appear in the audit log, in `keys list` and in
 * the keychain, so they are kept short and plain; the message says exactly what is allowed.
 */
export function validateKeyName(name: string): string {
  if (!NAME_SHAPE.test(name)) {
    throw new KeysError(
      'invalid_name',
      `"${printable(name)}" cannot be a key name. Use 1 to 64 letters (A-Z, a-z), digits, spaces, dots, dashes or underscores, for example "cursor-laptop".`,
    );
  }
  if (name.trim() !== name) {
    throw new KeysError('invalid_name', 'A key name cannot start or end with a space.');
  }
  if (name === ENV_KEY_NAME) {
    throw new KeysError(
      'invalid_name',
      `"${ENV_KEY_NAME}" is reserved for the key given in the MCP_API_KEY environment variable. Choose another name.`,
    );
  }
  return name;
}

/** Keychain entries for API keys are `key:<name>`, apart from Airlock's other secrets. */
const ACCOUNT_PREFIX = 'key:';

export function keychainAccount(name: string): string {
  return `${ACCOUNT_PREFIX}${name}`;
}

/** The key name of a keychain account, or undefined for Airlock's other entries. */
export function keyNameOfAccount(account: string): string | undefined {
  return account.startsWith(ACCOUNT_PREFIX) ? account.slice(ACCOUNT_PREFIX.length) : undefined;
}

/**
 * A file name for per-key files. Hex, because names such as "." or "Work" and "work"
 * must stay distinct files on every file system, including case-insensitive ones.
 */
export function keyFileName(name: string): string {
  return Buffer.from(name, 'utf8').toString('hex');
}

/** Names come from the command line: show control characters rather than print them. */
function printable(text: string): string {
  const shown = text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
