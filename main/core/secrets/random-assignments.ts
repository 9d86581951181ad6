import {
  isNameChar,
  isSecretKeyName,
  shannonEntropy,
  type RankedSecretRange,
} from '../audit/secret-patterns.ts';
import { rankOf } from './line-rules.ts';

/**
 * The opt-in entropy rule: a long, random-looking value assigned to a name that says it is a
 * secret (`SECRET_KEY=...`, `"client_secret": "..."`, `db_password: ...`,
 * `api_token = '...'`, `:auth_token => "..."`). Off by default, because no prefix vouches for
 * the value; it is conservative so that turning it on does not hide a workspace's ordinary
 * text:
 * - the name must be secret by `isSecretKeyName`, the audit's judgment of argument names
 *   (`apiKey`, `DB_PASSWORD`; not `keyPath`, `tokenCount`, `integrity`, `checksum`, `id`);
 * - the value is 16-512 characters of [A-Za-z0-9+/=_~-], ended by its closing quote, or
 *   unquoted by the end of the line, white space, `,`, `;`, `#` or a closing bracket: a
 *   value that goes on into a call, a member or a URL is code, not a literal;
 * - it has letters and digits, and is random: hex of at least 32 characters with entropy of
 *   at least 3 bits per character, or else entropy of at least 3.5 (3.7 with two character
 *   classes), a change of character class at least every fifth character on average, and
 *   fewer vowels than words have;
 * - never a UUID, a `sha512-...` digest, words joined by `-` or `_` (`prod-db-2024`), or a
 *   placeholder (`your-api-key-here`, `changeme`, `xxxx...`).
 * Lockfile hashes, UUIDs and base64 images fall to these tests; see the tests.
 *
 * The scan looks for a value after the last character of an assignment (`=`, `:`, `:=`,
 * `=>`) and reads the name before it backwards in code: anchored on the operator rather than
 * on every name, it costs about a millisecond and a half per MiB.
 */
const VALUE_AFTER_OPERATOR = /[:=>][ \t]{0,3}(["'`]?)([A-Za-z0-9+/=_~-]{16,512})/dg;
const MAX_NAME_LENGTH = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGEST = /^(?:sha\d{1,3}|md5)[-_]/i;
const HEX = /^(?:[0-9a-f]{32,512}|[0-9A-F]{32,512})$/;
const WORDS = /^(?:[A-Za-z]{1,512}|[0-9]{1,512})(?:[-_](?:[A-Za-z]{1,512}|[0-9]{1,512})){1,100}$/;
const PLACEHOLDER_WORDS = /example|your|change|replace|placeholder|dummy|sample|redacted|xxxx/i;
/** What may follow an unquoted value: the end, white space, or the punctuation around one. */
const UNQUOTED_END = /^(?:$|[\s,;#)\]}])/;

const rank = rankOf('generic-secret');

/** Every random-looking value assigned to a secret-sounding name in `text`. */
export function findRandomAssignments(text: string): RankedSecretRange[] {
  const found: RankedSecretRange[] = [];
  const values = new RegExp(VALUE_AFTER_OPERATOR.source, VALUE_AFTER_OPERATOR.flags);
  for (const match of text.matchAll(values)) {
    const [, quote = '', value = ''] = match;
    const range = match.indices?.[2];
    const name = range && nameBeforeOperator(text, match.index);
    if (!range || !name || !isSecretKeyName(name) || !looksRandom(value)) continue;
    const after = text.slice(range[1], range[1] + 1);
    if (quote === '' ? !UNQUOTED_END.test(after) : after !== quote) continue;
    found.push({ start: range[0], end: range[1], kind: 'generic-secret', rank });
  }
  return found;
}

/**
 * The name assigned to by the operator whose last character is at `at`: up to three spaces
 * and a closing quote before the operator, and before them a name of [A-Za-z_][\w.-]* of at
 * most 64 characters. Undefined for a comparison (`==`, `!=`, `<=`, `>=`) or no name.
 */
function nameBeforeOperator(text: string, at: number): string | undefined {
  let start = at;
  const last = text.charAt(at);
  const previous = text.charAt(at - 1);
  if (last === '>') {
    if (previous !== '=') return undefined;
    start--;
  } else if (last === '=' && previous === ':') {
    start--;
  } else if (last === '=' && previous !== '' && '=!<>+-*/|&^%'.includes(previous)) {
    return undefined;
  }
  let end = start;
  for (let spaces = 0; spaces < 3 && /[ \t]/.test(text.charAt(end - 1)); spaces++) end--;
  if (/["']/.test(text.charAt(end - 1))) end--;
  let nameStart = end;
  while (
    nameStart > 0 &&
    end - nameStart <= MAX_NAME_LENGTH &&
    isNameChar(text.charCodeAt(nameStart - 1))
  ) {
    nameStart--;
  }
  const name = text.slice(nameStart, end);
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !/^[A-Za-z_]/.test(name))
    return undefined;
  return name;
}

/** Whether a value reads as random rather than as words, a digest, an id or a stand-in. */
export function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (UUID.test(value) || DIGEST.test(value) || WORDS.test(value)) return false;
  if (PLACEHOLDER_WORDS.test(value)) return false;
  const entropy = shannonEntropy(value);
  if (HEX.test(value)) return entropy >= 3;
  const classes = Number(/[A-Z]/.test(value)) + Number(/[a-z]/.test(value)) + 1;
  if (entropy < (classes === 3 ? 3.5 : 3.7)) return false;
  return classChanges(value) * 5 >= value.length - 1 && vowelShare(value) < 0.35;
}

/**
 * The share of vowels among the letters: about a fifth in random letters, well over a third
 * in words (`Configuration2024Settings`, `thisIsAnIdentifier1`).
 */
function vowelShare(value: string): number {
  const letters = value.match(/[A-Za-z]/g)?.length ?? 0;
  const vowels = value.match(/[aeiouAEIOU]/g)?.length ?? 0;
  return letters === 0 ? 0 : vowels / letters;
}

/** How often neighbouring characters differ in class (upper, lower, digit, other). */
function classChanges(value: string): number {
  let changes = 0;
  for (let i = 1; i < value.length; i++) {
    if (classOf(value.charCodeAt(i)) !== classOf(value.charCodeAt(i - 1))) changes++;
  }
  return changes;
}

function classOf(code: number): number {
  if (code >= 65 && code <= 90) return 0;
  if (code >= 97 && code <= 122) return 1;
  if (code >= 48 && code <= 57) return 2;
  return 3;
}
