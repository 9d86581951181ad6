import { createHash } from 'node:crypto';
import { findSecrets, isSecretKeyName } from './secret-patterns.ts';

/**
 * Redaction of tool arguments for the audit log: the record's
 * `args` is what `redactArguments` returns. The audit is the person's view of what an agent
 * did, so arguments stay readable (paths, patterns, flags), but:
 *
 * 1. **Secret names.** A property whose name looks like a secret (`password`, `apiKey`,
 *    `Authorization`, `session`, ...; see `isSecretKeyName`) has its value replaced by
 *    `[REDACTED]`, at any depth. Booleans, null and undefined are kept (`useToken: true`
 *    carries no secret and says something useful); numbers are masked (a PIN is a number).
 * 2. **Secret shapes.** Every string, and every property name, is scanned, and what looks
 *    like a secret is replaced in place by `[REDACTED:<kind>]` (see `SECRET_RULES`), keeping
 *    the text around it.
 * 3. **No file content.** A property named `content`, `contents`, `oldText` or `newText`
 *    (write_file.content, edit_file.edits[].oldText/newText) becomes
 *    `{ bytes, sha256 }` of its UTF-8 encoding, the same bytes write_file writes. This goes by
 *    name for every tool, including unknown tool names and refused calls, so a misspelt tool
 *    or a future one cannot carry content into the log. A non-string value there becomes
 *    `[REDACTED:content]`.
 * 4. **No forged or split records.** The record is JSON, so JSON escaping already keeps
 *    newlines from splitting a line. Beyond that, every string is made safe for a viewer that
 *    prints raw values: C0 controls (including tab, CR and LF), DEL, C1 controls, U+2028 and
 *    U+2029, the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069;
 *    "Trojan Source") and lone surrogates are replaced by the six visible characters `\uXXXX`.
 *    Visible text rather than `?` so the person can see *what* was there. The mapping is not
 *    reversible (a literal backslash-u typed by the agent looks the same), which is fine: the
 *    log is for reading, and nothing is parsed back out of these strings.
 * 5. **Bounded size.** Strings longer than 2,000 characters after steps 2 and 4 end with
 *    `…[+N chars]` (N counts the characters dropped, before escaping); arrays keep their
 *    first 100 items and end with `…[+N items]`; objects keep their first 100 properties and
 *    get a `…` property `[+N keys]`; a container nested more than 6 levels deep (the
 *    arguments object is level 1) becomes `[…]`. Property names are cut at 200 characters.
 *
 * Redaction never throws: an argument that cannot be read becomes `[unreadable]`.
 */

export const REDACTION_LIMITS = {
  maxStringLength: 2000,
  maxKeyLength: 200,
  maxArrayItems: 100,
  maxObjectKeys: 100,
  maxDepth: 6,
} as const;

/** What a value under a secret-looking name becomes. */
export const REDACTED = '[REDACTED]';
/** What a container nested deeper than `REDACTION_LIMITS.maxDepth` becomes. */
export const TOO_DEEP = '[…]';

/** Property names whose values are file content (compared without regard to case). */
const CONTENT_KEYS: ReadonlySet<string> = new Set(['content', 'contents', 'oldtext', 'newtext']);

/** What file content becomes in the log: its size and hash, never the text. */
export interface ContentDigest {
  /** Length of the UTF-8 encoding, as write_file would write it. */
  readonly bytes: number;
  /** SHA-256 of that encoding, lower-case hex. */
  readonly sha256: string;
}

export function contentDigest(content: string | ArrayBufferView): ContentDigest {
  const data =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  return { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

/** `text` with every secret that `findSecrets` finds replaced by `[REDACTED:<kind>]`. */
export function maskSecrets(text: string): string {
  const spans = findSecrets(text);
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.start), `[REDACTED:${span.kind}]`);
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function isInvisibleControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Any character `isInvisibleControl` accepts, or any surrogate (pairs are checked in the loop). */
const NEEDS_ESCAPE = new RegExp(
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ud800-\\udfff]',
);

function visibleEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` made printable (point 4 above) and cut to `max` characters (point 5), never inside
 * an escape or a surrogate pair.
 */
export function printable(text: string, max: number = REDACTION_LIMITS.maxStringLength): string {
  if (text.length <= max && !NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let piece: string;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        piece = text.slice(i, i + 2);
        width = 2;
      } else {
        piece = visibleEscape(code);
      }
    } else if ((code >= 0xdc00 && code <= 0xdfff) || isInvisibleControl(code)) {
      piece = visibleEscape(code);
    } else {
      piece = text.charAt(i);
    }
    if (out.length + piece.length > max) break;
    out += piece;
    i += width;
  }
  return i < text.length ? `${out}…[+${text.length - i} chars]` : out;
}

/** One string as it appears in the log: secrets masked, made printable, bounded. */
export function redactString(text: string, max: number = REDACTION_LIMITS.maxStringLength): string {
  return printable(maskSecrets(text), max);
}

/**
 * The arguments of one tool call as the audit record stores them (see the module comment).
 * `args` is whatever the client sent, valid or not; anything other than an object is kept
 * under `value`. The tool name is accepted for per-tool rules; today content is recognized by
 * argument name for every tool, so refused and unknown-tool calls are covered too.
 */
export function redactArguments(_toolName: string, args: unknown): Record<string, unknown> {
  try {
    if (args === undefined || args === null) return {};
    if (isPlainContainer(args) && !Array.isArray(args)) return redactObject(args, 1);
    return { value: redactValue(args, 1) };
  } catch {
    return { value: '[unreadable]' };
  }
}

function isPlainContainer(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer)
  );
}

/** `value` at nesting `level`, the level it occupies if it is a container. */
function redactValue(value: unknown, level: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
    case 'function':
      return `[${typeof value}]`;
  }
  if (value === null) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (ArrayBuffer.isView(value)) return contentDigest(value);
  if (value instanceof ArrayBuffer) return contentDigest(new Uint8Array(value));
  if (level > REDACTION_LIMITS.maxDepth) return TOO_DEEP;
  if (Array.isArray(value)) return redactArray(value, level);
  return redactObject(value as object, level);
}

function redactArray(items: readonly unknown[], level: number): unknown[] {
  const limit = REDACTION_LIMITS.maxArrayItems;
  const out: unknown[] = [];
  for (let i = 0; i < Math.min(items.length, limit); i++) {
    out.push(readSafely(() => redactValue(items[i], level + 1)));
  }
  if (items.length > limit) out.push(`…[+${items.length - limit} items]`);
  return out;
}

function redactObject(source: object, level: number): Record<string, unknown> {
  const limit = REDACTION_LIMITS.maxObjectKeys;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(source);
  for (const key of keys.slice(0, limit)) {
    const value = readSafely(() =>
      redactProperty(key, (source as Record<string, unknown>)[key], level + 1),
    );
    define(out, logKey(key, out), value);
  }
  if (keys.length > limit) define(out, logKey('…', out), `[+${keys.length - limit} keys]`);
  return out;
}

function redactProperty(key: string, value: unknown, level: number): unknown {
  if (CONTENT_KEYS.has(key.toLowerCase())) {
    if (typeof value === 'string' || ArrayBuffer.isView(value)) return contentDigest(value);
    if (value === undefined || value === null) return value;
    // Arguments redacted once already (an approval request's, sent on by the change gate)
    // keep their digest: redacting twice must not lose what the first pass kept.
    if (isContentDigest(value)) return { bytes: value.bytes, sha256: value.sha256 };
    return '[REDACTED:content]';
  }
  if (isSecretKeyName(key)) {
    return typeof value === 'boolean' || value === null || value === undefined ? value : REDACTED;
  }
  return redactValue(value, level);
}

function isContentDigest(value: unknown): value is ContentDigest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).length === 2 &&
    Number.isSafeInteger(record.bytes) &&
    (record.bytes as number) >= 0 &&
    typeof record.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(record.sha256)
  );
}

function readSafely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return '[unreadable]';
  }
}

/**
 * A property name as the log shows it: redacted and bounded like any string, and made unique
 * within its object (two names that differ only past the cut must not overwrite each other).
 */
function logKey(key: string, taken: Record<string, unknown>): string {
  const base = redactString(key, REDACTION_LIMITS.maxKeyLength);
  let name = base;
  for (let n = 2; Object.hasOwn(taken, name); n++) name = `${base} (${n})`;
  return name;
}

/** Sets an own property even for names like `__proto__`, which plain assignment would not. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
