import { PolicyError } from '../policy/policy-error.ts';
import type { PathPlatform } from '../policy/platform.ts';

/**
 * Globs for search_files, directory_tree and search_content, with the official filesystem
 * server's minimatch semantics (`dot: true`): `*`, `?`, `[...]` stay within one name, `**`
 * spans folders, `{a,b}` and `{1..3}` expand. Two additions agents rely on: a pattern with
 * no slash matches the base name at any depth (minimatch's matchBase, so `*.md` finds every
 * Markdown file), and a trailing slash matches folders only.
 *
 * Patterns are matched token by token, never compiled to a RegExp: a RegExp with several
 * stars backtracks polynomially in V8's default engine, while the single-backtrack-point
 * wildcard algorithm below is O(name × pattern) for any pattern an agent can send.
 */
export interface Glob {
  readonly pattern: string;
  /** `relative` holds the entry's names below the search root. */
  matches(relative: readonly string[], isDirectory: boolean): boolean;
}

export interface GlobOptions {
  readonly caseInsensitive: boolean;
  /** Windows: `\` separates folders instead of escaping the next character. */
  readonly windowsSeparators: boolean;
}

export const MAX_PATTERN_LENGTH = 1024;
const MAX_ALTERNATIVES = 256;

export function globOptionsFor(platform: PathPlatform): GlobOptions {
  return { caseInsensitive: platform.caseInsensitive, windowsSeparators: platform.windowsSyntax };
}

export function compileGlob(pattern: string, options: GlobOptions): Glob {
  if (pattern.length === 0) throw invalid('The pattern is empty.');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw invalid(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`);
  }
  if (pattern.includes('\0')) throw invalid('The pattern contains a NUL character.');
  let text = options.windowsSeparators ? pattern.replaceAll('\\', '/') : pattern;
  if (options.caseInsensitive) text = foldCase(text);
  const alternatives = expandBraces(text, options).map((one) => compileAlternative(one, options));
  const fold = options.caseInsensitive ? foldCase : undefined;
  return {
    pattern,
    matches(relative, isDirectory) {
      const names = fold ? relative.map(fold) : relative;
      return alternatives.some((alternative) => alternative(names, isDirectory));
    },
  };
}

/** One glob that matches when any of `patterns` does; undefined when there are none. */
export function compileGlobs(patterns: readonly string[], options: GlobOptions): Glob | undefined {
  if (patterns.length === 0) return undefined;
  const globs = patterns.map((pattern) => compileGlob(pattern, options));
  return {
    pattern: patterns.join(', '),
    matches: (relative, isDirectory) => globs.some((glob) => glob.matches(relative, isDirectory)),
  };
}

type PathMatcher = (names: readonly string[], isDirectory: boolean) => boolean;

function compileAlternative(text: string, options: GlobOptions): PathMatcher {
  let rest = text;
  while (rest.startsWith('./')) rest = rest.slice(2);
  // A leading slash anchors the pattern at the search root, as in .gitignore.
  const rooted = rest.startsWith('/');
  const foldersOnly = rest.endsWith('/');
  const parts = rest.split('/').filter((part) => part !== '');
  if (parts.length === 0) return () => false;
  const byBaseName = !rooted && parts.length === 1;
  const units = collapseGlobstars(parts.map((part) => compileSegment(part, options)));
  return (names, isDirectory) => {
    if (foldersOnly && !isDirectory) return false;
    if (byBaseName) {
      const last = names[names.length - 1];
      return last !== undefined && (units[0] === GLOBSTAR || (units[0] as SegmentMatcher)(last));
    }
    return matchSequence(units, names.length, (unit, index) => unit(names[index] as string));
  };
}

// ---- Folder level: `**` is a star over whole names -------------------------------------

type SegmentMatcher = (name: string) => boolean;
const GLOBSTAR = Symbol('globstar');
type PathUnit = SegmentMatcher | typeof GLOBSTAR;

const anyName: SegmentMatcher = (name) => name.length > 0;

function collapseGlobstars(units: PathUnit[]): PathUnit[] {
  const collapsed = units.filter(
    (unit, index) => !(unit === GLOBSTAR && units[index - 1] === GLOBSTAR),
  );
  // minimatch: a trailing `a/**` needs at least one name below `a`.
  if (collapsed.length > 1 && collapsed[collapsed.length - 1] === GLOBSTAR) {
    collapsed.splice(collapsed.length - 1, 0, anyName);
  }
  return collapsed;
}

/**
 * The classic wildcard algorithm, shared by both levels: stars match any run of items and
 * only the most recent star is ever revisited, so the cost is O(items × pattern).
 */
function matchSequence<Unit>(
  units: readonly (Unit | typeof GLOBSTAR | typeof STAR)[],
  length: number,
  test: (unit: Unit, index: number) => boolean,
): boolean {
  let u = 0;
  let i = 0;
  let starUnit = -1;
  let starItem = 0;
  while (i < length) {
    const unit = units[u];
    if (unit === GLOBSTAR || unit === STAR) {
      starUnit = u;
      starItem = i;
      u += 1;
    } else if (unit !== undefined && test(unit, i)) {
      u += 1;
      i += 1;
    } else if (starUnit >= 0) {
      u = starUnit + 1;
      starItem += 1;
      i = starItem;
    } else {
      return false;
    }
  }
  while (units[u] === GLOBSTAR || units[u] === STAR) u += 1;
  return u === units.length;
}

// ---- Name level: `*`, `?`, `[...]` and literal characters -------------------------------

const STAR = Symbol('star');
type CharTest = number | ((code: number) => boolean);
type CharUnit = CharTest | typeof STAR;

function compileSegment(part: string, options: GlobOptions): PathUnit {
  if (part === '**') return GLOBSTAR;
  const units = parseSegment(part, options);
  if (units.every((unit) => typeof unit === 'number')) {
    const literal = String.fromCharCode(...(units as number[]));
    return (name) => name === literal;
  }
  if (units.length === 1 && units[0] === STAR) return anyName;
  const shortcut = starAroundLiteral(units);
  if (shortcut) return shortcut;
  return (name) =>
    name.length > 0 &&
    matchSequence<CharTest>(units, name.length, (unit, index) => {
      const code = name.charCodeAt(index);
      return typeof unit === 'number' ? unit === code : unit(code);
    });
}

/** `*.md`, `README*`, `*test*`: the shapes agents send most, answered by string methods. */
function starAroundLiteral(units: readonly CharUnit[]): SegmentMatcher | undefined {
  const leading = units[0] === STAR;
  const trailing = units.length > 1 && units[units.length - 1] === STAR;
  const middle = units.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (!(leading || trailing) || !middle.every((unit) => typeof unit === 'number')) return undefined;
  const literal = String.fromCharCode(...(middle as number[]));
  if (leading && trailing) return (name) => name.length > 0 && name.includes(literal);
  if (leading) return (name) => name.length > 0 && name.endsWith(literal);
  return (name) => name.length > 0 && name.startsWith(literal);
}

function parseSegment(part: string, options: GlobOptions): CharUnit[] {
  const units: CharUnit[] = [];
  for (let index = 0; index < part.length; index += 1) {
    const char = part[index] as string;
    if (char === '*') {
      if (units[units.length - 1] !== STAR) units.push(STAR);
    } else if (char === '?') {
      units.push(anyChar);
    } else if (char === '[') {
      const parsed = parseClass(part, index + 1);
      if (parsed) {
        units.push(parsed.test);
        index = parsed.end;
      } else {
        units.push(char.charCodeAt(0));
      }
    } else if (char === '\\' && !options.windowsSeparators && index + 1 < part.length) {
      index += 1;
      units.push(part.charCodeAt(index));
    } else {
      units.push(part.charCodeAt(index));
    }
  }
  return units;
}

const anyChar = (): boolean => true;

const POSIX_CLASSES: Record<string, RegExp> = {
  alnum: /[\p{L}\p{Nl}\p{Nd}]/u,
  alpha: /[\p{L}\p{Nl}]/u,
  ascii: /[\x00-\x7f]/,
  blank: /[\p{Zs}\t]/u,
  cntrl: /\p{Cc}/u,
  digit: /\p{Nd}/u,
  graph: /[^\p{Z}\p{C}]/u,
  lower: /\p{Ll}/u,
  print: /[\p{P}\p{S}\p{L}\p{N}\p{Zs}]/u,
  punct: /\p{P}/u,
  space: /[\p{Z}\t\r\n\v\f]/u,
  upper: /\p{Lu}/u,
  word: /[\p{L}\p{Nl}\p{Nd}\p{Pc}]/u,
  xdigit: /[A-Fa-f0-9]/,
};

/** Parses `[...]` starting after the `[`; undefined when it is not a class (then `[` is literal). */
function parseClass(
  part: string,
  start: number,
): { test: (code: number) => boolean; end: number } | undefined {
  let index = start;
  const negated = part[index] === '!' || part[index] === '^';
  if (negated) index += 1;
  const tests: Array<(code: number) => boolean> = [];
  let first = true;
  while (index < part.length) {
    const char = part[index] as string;
    if (char === ']' && !first) {
      const matchesAny = (code: number) => tests.some((test) => test(code));
      return { test: negated ? (code) => !matchesAny(code) : matchesAny, end: index };
    }
    first = false;
    const posix = /^\[:([a-z]+):\]/.exec(part.slice(index, index + 10));
    if (posix) {
      const expression = POSIX_CLASSES[posix[1] as string];
      if (!expression) return undefined;
      tests.push((code) => expression.test(String.fromCharCode(code)));
      index += posix[0].length;
      continue;
    }
    let low = part.charCodeAt(index);
    if (char === '\\' && index + 1 < part.length) low = part.charCodeAt(++index);
    if (part[index + 1] === '-' && index + 2 < part.length && part[index + 2] !== ']') {
      const high = part.charCodeAt(index + 2);
      tests.push((code) => code >= low && code <= high);
      index += 3;
    } else {
      tests.push((code) => code === low);
      index += 1;
    }
  }
  return undefined;
}

// ---- Braces: `{a,b}`, nested, and `{1..3}` / `{a..e}` ranges -----------------------------

function expandBraces(text: string, options: GlobOptions): string[] {
  const group = findBraceGroup(text, options);
  if (!group) return [text];
  const head = text.slice(0, group.open);
  const tails = expandBraces(text.slice(group.close + 1), options);
  const results: string[] = [];
  for (const choice of group.choices) {
    for (const middle of expandBraces(choice, options)) {
      for (const tail of tails) {
        results.push(head + middle + tail);
        if (results.length > MAX_ALTERNATIVES) {
          throw invalid(
            `The pattern's {…} groups expand to more than ${MAX_ALTERNATIVES} alternatives.`,
          );
        }
      }
    }
  }
  return results;
}

/** The first `{…}` that holds a comma or a range; a lone `{a}` or `{}` stays literal. */
function findBraceGroup(
  text: string,
  options: GlobOptions,
): { open: number; close: number; choices: string[] } | undefined {
  for (let open = 0; open < text.length; open += 1) {
    if (text[open] === '\\' && !options.windowsSeparators) {
      open += 1;
      continue;
    }
    if (text[open] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let index = open; index < text.length; index += 1) {
      const char = text[index];
      if (char === '\\' && !options.windowsSeparators) index += 1;
      else if (char === '{') depth += 1;
      else if (char === ',' && depth === 1) commas.push(index);
      else if (char === '}' && --depth === 0) {
        const inner = text.slice(open + 1, index);
        if (commas.length > 0) {
          const bounds = [open, ...commas, index];
          const choices = bounds
            .slice(1)
            .map((end, at) => text.slice((bounds[at] as number) + 1, end));
          return { open, close: index, choices };
        }
        const range = expandRange(inner);
        if (range) return { open, close: index, choices: range };
        break;
      }
    }
  }
  return undefined;
}

function expandRange(inner: string): string[] | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  if (numeric) {
    const [, from = '', to = '', stepText] = numeric;
    const start = Number(from);
    const end = Number(to);
    const step = Math.abs(Number(stepText ?? 1)) || 1;
    const count = Math.floor(Math.abs(end - start) / step) + 1;
    if (count > MAX_ALTERNATIVES) {
      throw invalid(`The range {${inner}} has more than ${MAX_ALTERNATIVES} values.`);
    }
    const padded = /^-?0\d/.test(from) || /^-?0\d/.test(to);
    const width = Math.max(from.length, to.length);
    return Array.from({ length: count }, (_, at) => {
      const value = start + (end >= start ? at * step : -at * step);
      return padded ? String(value).padStart(width, '0') : String(value);
    });
  }
  const letters = /^([A-Za-z])\.\.([A-Za-z])$/.exec(inner);
  if (letters) {
    const start = (letters[1] as string).charCodeAt(0);
    const end = (letters[2] as string).charCodeAt(0);
    const count = Math.abs(end - start) + 1;
    return Array.from({ length: count }, (_, at) =>
      String.fromCharCode(start + (end >= start ? at : -at)),
    );
  }
  return undefined;
}

/** The same folding as the policy's comparisonKey on case-insensitive platforms. */
function foldCase(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

function invalid(message: string): PolicyError {
  return new PolicyError(
    'invalid_argument',
    `${message} Use a shorter or simpler glob such as "**/*.md".`,
  );
}
