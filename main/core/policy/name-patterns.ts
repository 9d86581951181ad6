import { comparisonKey, type PathPlatform } from './platform.ts';

/**
 * A list of name patterns, matched against the segments of a path below a workspace root:
 * the sensitive-file guard (what no agent may read) and the launch-point guard (what no
 * agent may change) are both one. A pattern that matches a folder covers everything in it.
 */
export interface NamePatternSettings {
  readonly enabled: boolean;
  /** Glob-like name patterns: `*` matches any run of characters within one name. */
  readonly patterns: readonly string[];
  /** "dir/name" runs of segments, matched only in that order, such as ".aws/credentials". */
  readonly nestedPatterns: readonly string[];
}

/** A family of default patterns, with the name a person would give it (the window shows it). */
export interface PatternFamily {
  readonly label: string;
  readonly patterns: readonly string[];
}

export class NamePatterns {
  readonly settings: NamePatternSettings;
  private readonly platform: PathPlatform;
  private readonly nameMatcher: NameMatcher;
  private readonly nestedMatchers: NameMatcher[][];
  /** Whether a name can end any nested pattern: most names cannot, and need no more checks. */
  private readonly nestedLastMatcher: NameMatcher;

  constructor(platform: PathPlatform, settings: NamePatternSettings) {
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

  /** Whether a path, given as its segments below the workspace root, matches. */
  matchesSegments(segments: readonly string[]): boolean {
    if (!this.settings.enabled) return false;
    // Asked for every path of every call: no copy where names compare as they are.
    const keys = this.platform.caseInsensitive
      ? segments.map((segment) => comparisonKey(this.platform, segment))
      : segments;
    for (const key of keys) if (this.nameMatcher(key)) return true;
    return this.nestedMatchers.some((parts) => containsRun(keys, parts));
  }

  /**
   * The same answer as matchesSegments for `[...parent, name]`, for a parent already known
   * not to match: only the new name, and nested patterns ending at it, can match.
   * Listings and searches call this once per entry, so it must stay cheap.
   */
  matchesChild(parentSegments: readonly string[], name: string): boolean {
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
