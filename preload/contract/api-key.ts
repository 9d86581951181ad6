import { z } from 'zod';

/**
 * The prefix every Airlock API key starts with. A fixed, unusual prefix lets secret
 * scanners (GitHub, gitleaks, Airlock's own audit redaction) recognise a leaked key.
 */
export const API_KEY_PREFIX = 'alk_';

/** base64url of the key's 32 random bytes, without padding. */
const KEY_BODY_LENGTH = 43;
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{${KEY_BODY_LENGTH}}$`);

/** Whether text looks like a key Airlock made (it says nothing about whether it is valid). */
export function isApiKeyShaped(text: string): boolean {
  return KEY_SHAPE.test(text);
}

/**
 * A secret Airlock made, shown to the person once. Main checks its own answers with this,
 * so nothing but a key can ever leave in a secret's place.
 */
export const ApiKeySecretSchema = z.string().refine(isApiKeyShaped, 'not an Airlock key');
