import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '../../../preload/contract/api-key.ts';

/**
 * 256 bits: far beyond guessing, even at any request rate a loopback server allows. The
 * contract's key shape (the window's check of a shown secret) expects exactly this many.
 */
const KEY_BYTES = 32;

/** A fresh key: the prefix and 32 random bytes in base64url (47 characters in all). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

/**
 * The SHA-256 of a key. Servers keep and compare only these digests: every digest has the
 * same length, so comparing them in constant time reveals nothing about a key's length.
 */
export function digestApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
