import { comparisonKey, type PathPlatform } from './platform.ts';

/**
 * The sensitive-file guard: names no tool may read, write, move or search into.
 * Patterns are matched against each path segment below the workspace root, so a
 * guarded folder (".ssh") guards everything inside it.
 */
export interface GuardSettings {
  readonly enabled: boolean;
  /** Glob-like name patterns: `*` matches any run of characters within one name. */
  readonly patterns: readonly string[];
  /** "dir/name" pairs that are guarded only at that position, such as ".aws/credentials". */
  readonly nestedPatterns: readonly string[];
}

/** A family of default patterns, with the name a person would give it (the window shows it). */
export interface GuardFamily {
  readonly label: string;
  readonly patterns: readonly string[];
}

/** The default name patterns, by family; in this order they are the defaults' `patterns`. */
export const DEFAULT_GUARD_FAMILIES: readonly GuardFamily[] = [
  { label: '.env files', patterns: ['.env', '.env.*'] },
  {
    label: 'private keys',
    patterns: [
      'id_rsa*',
      'id_dsa*',
      'id_ecdsa*',
      'id_ed25519*',
      '*.pem',
      '*.key',
      '*.p12',
      '*.pfx',
    ],
  },
  { label: 'password databases', patterns: ['*.kdbx', '*.keychain', '*.keychain-db'] },
  { label: 'SSH and GPG folders', patterns: ['.ssh', '.gnupg'] },
  { label: 'saved passwords', patterns: ['.netrc', '_netrc', '.git-credentials'] },
];

/** The default "dir/name" pairs, by family. */
export const DEFAULT_NESTED_GUARD_FAMILIES: readonly GuardFamily[] = [
  {
    label: 'cloud sign-ins',
    patterns: [
      '.aws/credentials',
      '.aws/config',
      '.azure/accessTokens.json',
      '.config/gcloud',
      '.docker/config.json',
      '.kube/config',
    ],
  },
];

export const DEFAULT_GUARD_SETTINGS: GuardSettings = {
  enabled: true,
  patterns: DEFAULT_GUARD_FAMILIES.flatMap((family) => family.patterns),
  nestedPatterns: DEFAULT_NESTED_GUARD_FAMILIES.flatMap((family) => family.patterns),
};

/** Config files that are guarded only when they carry a credential. */
export const TOKEN_BEARING_CONFIG_NAMES = ['.npmrc', '.pypirc', '.yarnrc.yml'] as const;
const TOKEN_LINE = /(_authToken|_auth|_password|password|npmAuthToken|token)\s*[=:]/i;

export class SensitiveGuard {
  readonly settings: GuardSettings;
  private readonly platform: PathPlatform;
  private readonly nameMatcher: NameMatcher;
  private readonly nestedMatchers: NameMatcher[][];
  /** Whether a name can end any nested pattern: most names cannot, and need no more checks. */
  private readonly nestedLastMatcher: NameMatcher;

  constructor(platform: PathPlatform, settings: GuardSettings) {
    this.platform = platform;
    this.settings = settings;
    this.nameMatcher = compileNames(
      settings.patterns.map((pattern) => comparisonKey(platform, pattern)),
    );
    this.nestedMatchers = settings.nestedPatterns.map((pattern) =>
      pattern.split('/').map((part) => compileNames([comparisonKey(platform, part)])),
    );
    this.nestedLastMatcher = compileNames(
      settings.nestedPatterns.map((pattern) => comparisonKey(platform, pattern.split('/').at(-1)!)),
    );
  }

  /** Whether a path, given as its segments below the workspace root, is guarded by name. */
  isGuardedByName(segments: readonly string[]): boolean {
    if (!this.settings.enabled) return false;
    // Asked twice for every path of every call: no copy where names compare as they are.
    const keys = this.platform.caseInsensitive
      ? segments.map((segment) => comparisonKey(this.platform, segment))
      : segments;
    for (const key of keys) if (this.nameMatcher(key)) return true;
    return this.nestedMatchers.some((parts) => containsRun(keys, parts));
  }

  /**
   * The same answer as isGuardedByName for `[...parent, name]`, for a parent already known
   * not to be guarded: only the new name, and nested patterns ending at it, can match.
   * Listings and searches call this once per entry, so it must stay cheap.
   */
  isGuardedChild(parentSegments: readonly string[], name: string): boolean {
    if (!this.settings.enabled) return false;
    const key = comparisonKey(this.platform, name);
    if (this.nameMatcher(key)) return true;
    if (!this.nestedLastMatcher(key)) return false;
    for (const parts of this.nestedMatchers) {
      const last = parts[parts.length - 1] as NameMatcher;
      if (!last(key) || parts.length - 1 > parentSegments.length) continue;
      const offset = parentSegments.length - (parts.length - 1);
      const earlier = parts.slice(0, -1);
      if (
        earlier.every((part, index) =>
          part(comparisonKey(this.platform, parentSegments[offset + index] ?? '')),
        )
      ) {
        return true;
      }
    }
    return false;
  }

  /** Whether the file name is one whose guard depends on its content. */
  needsContentCheck(name: string): boolean {
    if (!this.settings.enabled) return false;
    const key = comparisonKey(this.platform, name);
    return TOKEN_BEARING_CONFIG_NAMES.some((candidate) => candidate === key);
  }

  /** Whether a token-bearing config file actually carries a credential. */
  contentCarriesCredential(text: string): boolean {
    return text.split(/\r?\n/).some((line) => TOKEN_LINE.test(line));
  }
}

type NameMatcher = (key: string) => boolean;

function containsRun(keys: readonly string[], parts: readonly NameMatcher[]): boolean {
  for (let start = 0; start + parts.length <= keys.length; start += 1) {
    if (parts.every((part, offset) => part(keys[start + offset] ?? ''))) return true;
  }
  return false;
}

/**
 * One matcher for a set of glob names. Most patterns are an exact name, "prefix*" or
 * "*suffix", which need no regular expression; only the rest are compiled to one.
 * Prefixes are grouped by their first character and suffixes by their last, so most
 * names are compared with none of them: listings and searches ask once per entry.
 */
function compileNames(patterns: readonly string[]): NameMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const others: RegExp[] = [];
  for (const pattern of patterns) {
    const stars = pattern.split('*').length - 1;
    if (stars === 0) exact.add(pattern);
    else if (stars === 1 && pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else if (stars === 1 && pattern.startsWith('*')) suffixes.push(pattern.slice(1));
    else others.push(globToRegExp(pattern));
  }
  // "*" alone is a prefix (and a suffix) of every name, even the empty one.
  const matchesEvery = prefixes.includes('') || suffixes.includes('');
  const prefixesByFirst = groupByCharCode(prefixes, (prefix) => prefix.charCodeAt(0));
  const suffixesByLast = groupByCharCode(suffixes, (suffix) =>
    suffix.charCodeAt(suffix.length - 1),
  );
  return (key) => {
    if (matchesEvery || exact.has(key)) return true;
    const starting = prefixesByFirst.get(key.charCodeAt(0));
    if (starting) for (const prefix of starting) if (key.startsWith(prefix)) return true;
    const ending = suffixesByLast.get(key.charCodeAt(key.length - 1));
    if (ending) for (const suffix of ending) if (key.endsWith(suffix)) return true;
    for (const pattern of others) if (pattern.test(key)) return true;
    return false;
  };
}

function groupByCharCode(
  texts: readonly string[],
  codeOf: (text: string) => number,
): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const text of texts) {
    if (text === '') continue;
    const code = codeOf(text);
    const group = groups.get(code);
    if (group) group.push(text);
    else groups.set(code, [text]);
  }
  return groups;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 's');
}
