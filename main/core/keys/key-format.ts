import { createHash, randomBytes } from 'node:crypto';

/**
 * The prefix every Airlock API key starts with. A fixed, unusual prefix lets secret
 * scanners (GitHub, gitleaks, Airlock's own audit redaction) recognise a leaked key.
 */
export const API_KEY_PREFIX = 'alk_';

/** 256 bits: far beyond guessing, even at any request rate a loopback server allows. */
const KEY_BYTES = 32;
/** base64url of 32 bytes, without padding. */
const KEY_BODY_LENGTH = 43;
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{${KEY_BODY_LENGTH}}$`);

/** A fresh key: the prefix and 32 random bytes in base64url (47 characters in all). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

/** Whether text looks like a key Airlock made (it says nothing about whether it is valid). */
export function isApiKeyShaped(text: string): boolean {
  return KEY_SHAPE.test(text);
}

/**
 * The SHA-256 of a key. Servers keep and compare only these digests: every digest has the
 * same length, so comparing them in constant time reveals nothing about a key's length.
 */
export function digestApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
