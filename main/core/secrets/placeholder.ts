import { createHmac } from 'node:crypto';
import type { SecretKind } from '../audit/secret-patterns.ts';
import { HIDDEN_KIND_LABELS, kindOfLabel } from './hidden-kinds.ts';
import type { SecretScope } from './mask-options.ts';

/**
 * What the agent sees instead of a secret:
 *
 *   [secret hidden by Airlock: AWS secret key #2 ~k3f9a2]
 *
 * the kind, its number among the secrets of that kind in the file (in order of position),
 * and a tag: six base32 characters (30 bits) of an HMAC-SHA-256, under Airlock's own key,
 * of the file's real path, the kind, the number and the value. The tag ties the placeholder
 * to that file and that value, so a write can tell it from another file's placeholder or
 * from one whose value changed since, and it tells nothing about the value to anyone
 * without the key.
 *
 * A placeholder is never a secret itself: it holds spaces, brackets and a short tag, which
 * no rule takes into a match (the tests hold every rule to this).
 */
const PREFIX = '[secret hidden by Airlock: ';
const TAG_LENGTH = 6;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const MIN_KEY_BYTES = 16;

/** Anything that starts like a placeholder, whatever its case: see unmaskForWrite. */
const LOOKS_LIKE_PLACEHOLDER = /\[secret hidden by airlock/i;
const PLACEHOLDER_AT =
  /\[secret hidden by Airlock: ([A-Za-z0-9 -]{1,60}) #([1-9][0-9]{0,8}) ~([a-z2-7]{6})\]/y;

export function placeholderFor(
  key: Uint8Array,
  file: SecretScope,
  kind: SecretKind,
  ordinal: number,
  value: string,
): string {
  return `${PREFIX}${HIDDEN_KIND_LABELS[kind]} #${ordinal} ~${placeholderTag(key, file, kind, ordinal, value)}]`;
}

function placeholderTag(
  key: Uint8Array,
  file: SecretScope,
  kind: SecretKind,
  ordinal: number,
  value: string,
): string {
  if (key.byteLength < MIN_KEY_BYTES) {
    throw new TypeError(`The placeholder key must be at least ${MIN_KEY_BYTES} bytes.`);
  }
  // JSON keeps the fields apart whatever they hold, and names what the digest is for.
  const message = JSON.stringify([
    'airlock secret placeholder 1',
    file.realPath,
    kind,
    ordinal,
    value,
  ]);
  const digest = createHmac('sha256', key).update(message, 'utf8').digest();
  let bits = digest.readUInt32BE(0);
  let tag = '';
  for (let i = 0; i < TAG_LENGTH; i++) {
    tag += BASE32.charAt(bits & 31);
    bits >>>= 5;
  }
  return tag;
}

/** Whether `text` holds anything that starts like a placeholder. */
export function mentionsPlaceholder(text: string): boolean {
  return LOOKS_LIKE_PLACEHOLDER.test(text);
}

/** Where each thing that starts like a placeholder starts, in order. */
export function* placeholderStarts(text: string): Generator<number> {
  const pattern = new RegExp(LOOKS_LIKE_PLACEHOLDER.source, 'gi');
  for (const match of text.matchAll(pattern)) yield match.index;
}

/** A well-formed placeholder: its whole text, and the kind and number it names. */
export interface PlaceholderShape {
  readonly text: string;
  readonly kind: SecretKind | undefined;
  readonly ordinal: number;
}

/** The well-formed placeholder that starts at `at`, if there is one. */
export function placeholderAt(text: string, at: number): PlaceholderShape | undefined {
  const pattern = new RegExp(PLACEHOLDER_AT.source, 'y');
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  if (!match) return undefined;
  return { text: match[0], kind: kindOfLabel(match[1] ?? ''), ordinal: Number(match[2]) };
}

/**
 * The text to quote for something that starts like a placeholder but is none of this file's:
 * through its closing bracket, if one closes it on the same line within a placeholder's
 * length, or else to the end of that line.
 */
export function placeholderLikeText(text: string, at: number): string {
  const limit = Math.min(text.length, at + 120);
  for (let i = at + 1; i < limit; i++) {
    const char = text.charAt(i);
    if (char === ']') return text.slice(at, i + 1);
    if (char === '\n' || char === '\r') return text.slice(at, i);
  }
  return text.slice(at, limit);
}
