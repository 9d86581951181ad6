/**
 * What a secret looks like, for the audit log's redaction: the log is kept for years and read
 * by people, so a secret an agent passed in an argument must not live on in it.
 *
 * Two questions are answered here:
 * - `isSecretKeyName`: does an argument's *name* say its value is a secret (`apiKey`, `password`)?
 * - `findSecrets`: where in a *string* are there things shaped like secrets (tokens, keys,
 *   private key blocks, passwords in URLs, high-entropy values next to a keyword)?
 *
 * Linear time. Every value scanned here may come from an agent, so no rule may backtrack
 * badly on a long input. The rules follow three habits:
 * - repetitions are bounded (`{10,150}`, never `+` or `*` inside a regular expression);
 * - no quantified group contains another quantifier, and adjacent quantifiers that could
 *   trade characters are bounded by small constants;
 * - a rule whose body is a long run of token characters starts only at a boundary (a
 *   lookbehind for "not a token character"), so a long run is entered once, not at every
 *   offset. Private key blocks and the generic keyword rule are scanned by code rather than
 *   by one regular expression, for the same reason.
 * The 1 MB pathological inputs in test/core/audit/redact.test.ts hold these to it.
 *
 * Over-masking is cheap and leaking is not: when a rule with a recognizable prefix is unsure
 * (an Airlock key a little shorter than 43 characters, a token longer than its usual length),
 * it masks. The generic rule is the exception: it guesses from a keyword and entropy alone,
 * so it keeps gitleaks' bounds (10-150 characters, entropy ≥ 3.5) rather than mask every
 * long value that follows a word like "key".
 */

/** The kinds of secret a string scan reports; each appears in the log as `[REDACTED:<kind>]`. */
export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'aws-secret-key'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'anthropic-key'
  | 'openai-key'
  | 'stripe-key'
  | 'google-api-key'
  | 'jwt'
  | 'airlock-key'
  | 'npm-token'
  | 'authorization'
  | 'url-password'
  | 'generic-secret';

/** A found secret: the half-open range [start, end) of UTF-16 code units in the scanned text. */
export interface SecretSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: SecretKind;
}

export interface SecretRule {
  readonly kind: SecretKind;
  readonly description: string;
  /** The ranges of `text` that hold this kind of secret, in any order, possibly overlapping. */
  find(text: string): Iterable<readonly [number, number]>;
}

/* ------------------------------------------------------------------------------------------ */
/* Argument names                                                                             */
/* ------------------------------------------------------------------------------------------ */

/**
 * Words that make an argument name secret when they are one of its word parts. Names are split
 * at camelCase humps, digits and any non-alphanumeric character, so `apiKey`, `api_key`,
 * `X-API-KEY` and `privateKey` all contain the part `key`, while `keyboard`, `keyword`,
 * `monkey` and `author` do not (their single part is not in this list). Airlock's own tool
 * arguments (`path`, `paths`, `pattern`, `content`, `edits`, `source`, ...) contain none.
 */
const SECRET_WORD_PARTS: ReadonlySet<string> = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'auth',
  'oauth',
  'authorization',
  'authentication',
  'credential',
  'credentials',
  'creds',
  'cookie',
  'cookies',
  'session',
  'sessions',
  'bearer',
  'jwt',
]);

/**
 * Compound parts written without a separator (`apikey`, `accesstoken`, `clientsecret`). A part
 * that ends in one of these strong words is secret; `key` itself is not used as a suffix,
 * because English is full of words ending in it (monkey, hockey, whiskey), so the `...key`
 * compounds are listed one by one instead.
 */
const SECRET_SUFFIXES: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'credentials',
  'cookie',
  'auth',
];
const SECRET_KEY_COMPOUNDS: ReadonlySet<string> = new Set([
  'apikey',
  'authkey',
  'accesskey',
  'privatekey',
  'secretkey',
  'sessionkey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'sshkey',
  'licensekey',
  'sessionid',
]);

/**
 * A name whose last word part is one of these describes *metadata about* a secret, not the
 * secret: `keyName` (the audit record itself carries a key's name), `passwordFile`,
 * `tokenCount`, `keyPath`. Its value is still scanned like any other string.
 */
const METADATA_QUALIFIERS: ReadonlySet<string> = new Set([
  'name',
  'names',
  'path',
  'paths',
  'file',
  'files',
  'dir',
  'directory',
  'count',
  'length',
  'size',
  'type',
  'kind',
  'format',
  'pattern',
  'patterns',
]);

/** Splits an argument name into lower-case word parts: `X-APIKey_v2` → `x`, `api`, `key`, `v`, `2`. */
export function nameParts(name: string): string[] {
  const humped = name
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
  return humped.toLowerCase().match(/[a-z]{1,256}|[0-9]{1,256}/g) ?? [];
}

/** Argument names repeat from call to call; remember the answer for a bounded number of them. */
const keyNameVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_NAMES = 1000;

/** Whether an argument's name says that its value is a secret (see the word lists above). */
export function isSecretKeyName(name: string): boolean {
  let verdict = keyNameVerdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeKeyName(name);
    if (keyNameVerdicts.size >= MAX_REMEMBERED_NAMES) keyNameVerdicts.clear();
    keyNameVerdicts.set(name, verdict);
  }
  return verdict;
}

function judgeKeyName(name: string): boolean {
  const parts = nameParts(name);
  const last = parts.at(-1);
  if (last === undefined || (parts.length > 1 && METADATA_QUALIFIERS.has(last))) return false;
  return parts.some(
    (part) =>
      SECRET_WORD_PARTS.has(part) ||
      SECRET_KEY_COMPOUNDS.has(part) ||
      SECRET_SUFFIXES.some((suffix) => part.endsWith(suffix)),
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const ascii = new Uint32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 128) ascii[code] = (ascii[code] ?? 0) + 1;
    else other.set(code, (other.get(code) ?? 0) + 1);
  }
  let bits = 0;
  const add = (count: number) => {
    if (count === 0) return;
    const p = count / value.length;
    bits -= p * Math.log2(p);
  };
  ascii.forEach(add);
  other.forEach(add);
  return bits;
}

/**
 * A rule from one regular expression. It must carry the `g` and `d` flags; `group` names the
 * capture that is the secret (0: the whole match), so a rule can keep its context visible
 * (`postgres://user:[REDACTED:url-password]@host`).
 */
function regexRule(
  kind: SecretKind,
  description: string,
  pattern: RegExp,
  group = 0,
  accept: (match: RegExpExecArray) => boolean = () => true,
): SecretRule {
  if (!pattern.global || !pattern.hasIndices) {
    throw new Error(`The pattern for ${kind} needs the g and d flags.`);
  }
  return {
    kind,
    description,
    *find(text) {
      for (const match of text.matchAll(pattern)) {
        const range = match.indices?.[group];
        if (range && accept(match)) yield range;
      }
    },
  };
}

const hasDigit = (value: string) => /[0-9]/.test(value);
const hasUpper = (value: string) => /[A-Z]/.test(value);
const hasLower = (value: string) => /[a-z]/.test(value);

/* ------------------------------------------------------------------------------------------ */
/* Private key blocks                                                                         */
/* ------------------------------------------------------------------------------------------ */

/**
 * The header and footer lines of a private key block; secrets/ reads key blocks in files
 * too. Use a copy (`new RegExp(PEM_BEGIN.source, ...)`): a global pattern keeps a position.
 */
export const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
export const PEM_END = /-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_MATERIAL = /[A-Za-z0-9+/=]{20}/;

/**
 * `-----BEGIN ... PRIVATE KEY-----` through its `-----END ... PRIVATE KEY-----` (RSA, EC, DSA,
 * OpenSSH, PKCS#8, encrypted PKCS#8, PGP). A block whose END is missing, as in a truncated
 * paste, is masked to the end of the text if any key material follows the header; a header
 * with nothing after it (someone searching for the header text) is left alone.
 */
const privateKeyRule: SecretRule = {
  kind: 'private-key',
  description: 'PEM or PGP private key block',
  *find(text) {
    const begin = new RegExp(PEM_BEGIN.source, 'g');
    const end = new RegExp(PEM_END.source, 'g');
    for (let header = begin.exec(text); header; header = begin.exec(text)) {
      end.lastIndex = header.index + header[0].length;
      const footer = end.exec(text);
      if (footer) {
        const stop = footer.index + footer[0].length;
        yield [header.index, stop];
        begin.lastIndex = stop;
        continue;
      }
      // No END anywhere after this header, so none after any later header either: decide once.
      if (KEY_MATERIAL.test(text.slice(end.lastIndex))) yield [header.index, text.length];
      return;
    }
  },
};

/* ------------------------------------------------------------------------------------------ */
/* The generic rule: a high-entropy value next to a keyword (after gitleaks' generic-api-key)  */
/* ------------------------------------------------------------------------------------------ */

/**
 * A keyword, up to 20 identifier characters or spaces (`_secret_access_key `, `Token `), an
 * optional closing quote, an assignment (`=`, `:`, `:=`, `=>`, `?=`, `::`), and up to five
 * quotes, spaces or `=` before the value. The value itself is measured in code.
 */
const GENERIC_CONTEXT =
  /(?:access|api|auth|client|credential|creds|key|passwd|password|pwd|secret|token)[\w \t.-]{0,20}['"]?[ \t]{0,3}(?:[:=]{1,3}>?|\?=)[ \t'"`=]{0,5}/gi;
export const GENERIC_MIN_LENGTH = 10;
export const GENERIC_MAX_LENGTH = 150;
export const GENERIC_MIN_ENTROPY = 3.5;
/** gitleaks' alternative for base64 values; longer runs are data, not credentials. */
const GENERIC_MAX_BASE64_LENGTH = 1000;
/** More than a keyword, its filler, quote, spaces, assignment and prefix can take (≤ 43). */
const GENERIC_CONTEXT_MAX_LENGTH = 64;

/** [\w.-]: a character of a name in code (`db.password`, `api-key`). */
export function isNameChar(code: number): boolean {
  return isAlnum(code) || code === 95 || code === 46 || code === 45;
}
/** [A-Za-z0-9_.=-] */
function isWordish(code: number): boolean {
  return isNameChar(code) || code === 61;
}
function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isBase64(code: number): boolean {
  return isAlnum(code) || code === 43 || code === 47;
}
/** White space as `\s` defines it. */
function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
function runEnd(text: string, from: number, accepts: (code: number) => boolean, max: number) {
  let i = from;
  const stop = Math.min(text.length, from + max);
  while (i < stop && accepts(text.charCodeAt(i))) i++;
  return i;
}

/**
 * What may follow a value: the end, white space, a quote, or punctuation that closes a value
 * in code, URLs and headers. gitleaks accepts only quotes, white space and `;`; `,&)]}>|\`
 * are added so values in query strings and argument lists are caught too.
 */
function endsValue(text: string, at: number): boolean {
  if (at >= text.length) return true;
  return isSpace(text.charCodeAt(at)) || `'"\`;,&)]}>|\\<`.includes(text.charAt(at));
}

/** The end of a generic secret starting at `start`, or -1; see `genericRule`. */
function genericValueEnd(text: string, start: number, wordEnd: number): number {
  const candidates: number[] = [];
  // 1. gitleaks: [\w.=-]{10,150} followed by a terminator. `wordEnd` is where the run of
  //    [\w.=-] that starts at `start` ends, so the run is always followed by a non-member.
  if (wordEnd - start >= GENERIC_MIN_LENGTH && wordEnd - start <= GENERIC_MAX_LENGTH) {
    if (endsValue(text, wordEnd)) candidates.push(wordEnd);
  }
  // 2. gitleaks: base64, [a-z0-9][a-z0-9+/]{11,}={0,3} followed by a terminator (at most
  //    1000 characters here, to stay linear).
  //    A leading + is allowed too (gitleaks wants [a-z0-9]); a leading / is not (paths).
  if (start < text.length && (isAlnum(text.charCodeAt(start)) || text.charAt(start) === '+')) {
    let b64End = runEnd(text, start, isBase64, GENERIC_MAX_BASE64_LENGTH + 1);
    if (b64End - start >= 12 && b64End - start <= GENERIC_MAX_BASE64_LENGTH) {
      for (let pad = 0; pad < 3 && text.charCodeAt(b64End) === 61; pad++) b64End++;
      if (endsValue(text, b64End)) candidates.push(b64End);
    }
  }
  // 3. Airlock: a quoted value without white space, so passwords with symbols are caught
  //    ("password": "S3cr3t!Passw0rd#"), unless it is a placeholder (${VAR}, {{var}}, <var>).
  const quote = start > 0 ? text.charCodeAt(start - 1) : -1;
  if ((quote === 34 || quote === 39 || quote === 96) && !'${<%'.includes(text.charAt(start))) {
    const end = runEnd(
      text,
      start,
      (code) => code !== quote && !isSpace(code),
      GENERIC_MAX_LENGTH + 1,
    );
    const length = end - start;
    if (
      length >= GENERIC_MIN_LENGTH &&
      length <= GENERIC_MAX_LENGTH &&
      text.charCodeAt(end) === quote
    ) {
      candidates.push(end);
    }
  }
  let best = -1;
  for (const end of candidates) {
    if (end > best && shannonEntropy(text.slice(start, end)) >= GENERIC_MIN_ENTROPY) best = end;
  }
  return best;
}

/**
 * Modelled on gitleaks' `generic-api-key`: a keyword (key, api, token, secret, client,
 * passwd, password, pwd, auth, access, credential, creds), then within a few characters `=`
 * or `:`, then a value of 10-150 characters of `[A-Za-z0-9_.=-]` (or a base64 run, or a
 * quoted value) whose Shannon entropy is at least 3.5 bits per character. Low-entropy values
 * (`key: documentation`) and short ones (`token budget: 4096`) stay visible. A short
 * password in free text (`password=hunter2`) is therefore not found here; under an argument
 * *named* like a secret it is masked by name.
 */
const genericRule: SecretRule = {
  kind: 'generic-secret',
  description: 'high-entropy value assigned to a secret-sounding keyword',
  *find(text) {
    const context = new RegExp(GENERIC_CONTEXT.source, GENERIC_CONTEXT.flags);
    // Where the current run of [\w.=-] ends. Values are found left to right, so a value that
    // starts before `runStop` lies in the same run and ends it there too: each character is
    // measured once, however many keywords a run contains.
    let runStop = -1;
    for (let match = context.exec(text); match; match = context.exec(text)) {
      const start = match.index + match[0].length;
      if (start >= runStop) runStop = runEnd(text, start, isWordish, Number.POSITIVE_INFINITY);
      const end = genericValueEnd(text, start, runStop);
      if (end > start) {
        yield [start, end];
        context.lastIndex = end;
        continue;
      }
      // No terminator occurs inside a run, so every value starting inside one ends at or
      // after its end, and a value is at most GENERIC_MAX_BASE64_LENGTH long. In a long run
      // only keywords near its end can still matter: skip to there.
      const resume = runStop - GENERIC_MAX_BASE64_LENGTH - GENERIC_CONTEXT_MAX_LENGTH;
      if (resume > context.lastIndex) context.lastIndex = resume;
    }
  },
};

/* ------------------------------------------------------------------------------------------ */
/* The table                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * Every rule, most specific first: when two rules find the same range, the earlier one names
 * the kind. Ranges that overlap are merged, so nothing that any rule found stays visible.
 */
export const SECRET_RULES: readonly SecretRule[] = [
  privateKeyRule,
  regexRule(
    'aws-access-key-id',
    'AWS access key id (AKIA long-term, ASIA temporary)',
    /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/dg,
  ),
  regexRule(
    'aws-secret-key',
    'AWS secret access key: 40 base64 characters assigned to an aws-prefixed name',
    /aws[\w .-]{0,30}['"]?[ \t]{0,3}[:=]{1,2}>?[ \t'"`]{0,5}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
    1,
  ),
  regexRule(
    'github-token',
    'GitHub personal, OAuth, user-to-server, server-to-server, refresh and fine-grained tokens',
    /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/dg,
  ),
  regexRule(
    'slack-token',
    'Slack bot, user, app, legacy and refresh tokens',
    /(?<![A-Za-z0-9])(?:xox[abeoprs]-|xapp-)[A-Za-z0-9-]{10,250}/dg,
  ),
  regexRule(
    'slack-webhook',
    'Slack incoming webhook URL (its secret path)',
    /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{10,300})/dg,
    1,
  ),
  regexRule(
    'anthropic-key',
    'Anthropic API and admin keys',
    /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,300}/dg,
  ),
  regexRule(
    'openai-key',
    'OpenAI-style keys: sk-..., sk-proj-..., sk-svcacct-..., sk-admin-...',
    /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,300}/dg,
    0,
    // "sk-" also starts words in file names (task-management-..., sk-learn-...); a key is
    // random base62, which has upper case, lower case and digits.
    (match) => hasUpper(match[0]) && hasLower(match[0]) && hasDigit(match[0]),
  ),
  regexRule(
    'stripe-key',
    'Stripe secret and restricted keys, live and test',
    /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}/dg,
  ),
  regexRule('google-api-key', 'Google API key', /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}/dg),
  regexRule(
    'jwt',
    'JSON Web Token (three base64url parts, header and payload starting {")',
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,8000}\.eyJ[A-Za-z0-9_-]{5,16000}\.[A-Za-z0-9_-]{0,8000}/dg,
  ),
  regexRule(
    'airlock-key',
    "Airlock's own API keys: alk_ and 43 base64url characters (256 bits); from 32 characters, so a clipped key is still masked",
    /(?<![A-Za-z0-9_-])alk_[A-Za-z0-9_-]{32,100}/dg,
  ),
  regexRule('npm-token', 'npm access token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36,100}/dg),
  regexRule(
    'authorization',
    'credentials in an Authorization header (Bearer, Basic, Token, Digest) or after "Bearer"',
    /(?:((?:Proxy-)?Authorization)['"]?\]?[ \t]{0,3}[:=][ \t]{0,3}['"]?(?:(?:Bearer|Basic|Token|Digest|Bot)[ \t]{1,3})?|\bBearer[ \t]{1,3})([A-Za-z0-9._~+/=-]{8,4096})/dgi,
    2,
    // After a bare "Bearer" ("the bearer of bad news"), only something token-like.
    ([, header, token = '']) => header !== undefined || hasDigit(token) || token.length >= 20,
  ),
  regexRule(
    'url-password',
    'the password in scheme://user:password@host (the user and host stay visible)',
    /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:/?#@]{0,256}:([^\s/?#]{1,256})@/dg,
    1,
  ),
  genericRule,
];

/**
 * A literal that every rule above needs somewhere in its match (compared without regard to
 * case, so it only ever over-approximates). Most strings in an audit record are paths and
 * flags that contain none of these, and one test of this pattern spares them the full table.
 * A rule added above must add its literal here; the redaction table in the tests fails
 * otherwise.
 */
const ANY_RULE_LITERAL =
  /-----BEGIN|AKIA|ASIA|ABIA|ACCA|aws|gh[pousr]_|github_pat_|xox|xapp-|hooks\.slack\.com|sk-|sk_|rk_|AIza|eyJ|alk_|npm_|authorization|bearer|:\/\/|access|api|auth|client|cred|key|passw|pwd|secret|token/i;

/**
 * Every secret in `text`, sorted and merged: overlapping finds become one range, named by the
 * most specific rule that found its start.
 */
export function findSecrets(text: string): SecretSpan[] {
  if (!ANY_RULE_LITERAL.test(text)) return [];
  const found: RankedSecretRange[] = [];
  SECRET_RULES.forEach((rule, rank) => {
    for (const [start, end] of rule.find(text)) {
      if (end > start) found.push({ start, end, kind: rule.kind, rank });
    }
  });
  return mergeSecretRanges(found);
}

/** A range some rule found, with the rule's place in its table: lower is more specific. */
export interface RankedSecretRange extends SecretSpan {
  readonly rank: number;
}

/**
 * Sorted, non-overlapping spans from ranges in any order: overlapping ranges become one span,
 * named by the most specific rule that found its start. Sorts `found` in place.
 */
export function mergeSecretRanges(found: RankedSecretRange[]): SecretSpan[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const merged: { start: number; end: number; kind: SecretKind }[] = [];
  for (const span of found) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ start: span.start, end: span.end, kind: span.kind });
    }
  }
  return merged;
}
