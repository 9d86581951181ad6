// How many values that look like secrets a call hid from the agent, or put back into a file
// it wrote, in words: "2 values (AWS secret key, password in a link)". The log keeps only
// the counts and kinds, never a value, so that is all the window can say.
import { knownSecretWords } from './activity-words.ts';

/**
 * Where a masked file's words read better than the audit badges': an Authorization header's
 * value, and what the opt-in entropy rule finds (a random value given to a secret's name).
 */
const HIDDEN_KIND_WORDS: Readonly<Record<string, string>> = {
  authorization: 'login credential',
  'generic-secret': 'random-looking secret',
};

interface KindCount {
  readonly words: string;
  readonly count: number;
}

/**
 * "1 value (AWS secret key)", "3 values (2 AWS secret keys, 1 password in a link)", or "1 value"
 * for a bare number; undefined when the detail is none of the shapes the log writes (a number,
 * or { total, byKind } with byKind a list of { kind, count } or an object of counts by kind),
 * so it is shown as logged.
 */
export function hiddenValuesWords(value: unknown): string | undefined {
  if (isCount(value)) return value === 0 ? 'None' : valuesWords(value);
  if (typeof value !== 'object' || value === null) return undefined;
  const { total, byKind } = value as { total?: unknown; byKind?: unknown };
  if (!isCount(total)) return undefined;
  const kinds = kindCounts(byKind);
  if (!kinds) return undefined;
  if (total === 0) return 'None';
  const named = kindList(kinds);
  return named ? `${valuesWords(total)} (${named})` : valuesWords(total);
}

function valuesWords(total: number): string {
  return total === 1 ? '1 value' : `${total} values`;
}

/** The kinds and their counts, in the log's order; undefined for a shape it does not write. */
function kindCounts(byKind: unknown): KindCount[] | undefined {
  if (byKind === undefined) return [];
  if (typeof byKind !== 'object' || byKind === null) return undefined;
  const entries = Array.isArray(byKind)
    ? byKind.map(kindCount)
    : Object.entries(byKind).map(([kind, count]) => kindCount({ kind, count }));
  return entries.every((entry): entry is KindCount => entry !== undefined) ? entries : undefined;
}

function kindCount(entry: unknown): KindCount | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { kind, label, count } = entry as { kind?: unknown; label?: unknown; count?: unknown };
  if (typeof kind !== 'string' || !isCount(count)) return undefined;
  // The window's own words for a kind it knows; the record's label for one it does not.
  const words =
    (Object.hasOwn(HIDDEN_KIND_WORDS, kind) ? HIDDEN_KIND_WORDS[kind] : undefined) ??
    knownSecretWords(kind) ??
    (typeof label === 'string' ? label : kind.replace(/-/g, ' '));
  return { words, count };
}

/** Each kind once when each was hidden once; with its number when any was hidden more. */
function kindList(kinds: readonly KindCount[]): string {
  if (kinds.length === 0) return '';
  if (kinds.length === 1) {
    const only = kinds[0] as KindCount;
    return only.count === 1 ? only.words : plural(only.words);
  }
  if (kinds.every((kind) => kind.count === 1)) return kinds.map((kind) => kind.words).join(', ');
  return kinds
    .map((kind) => (kind.count === 1 ? `1 ${kind.words}` : `${kind.count} ${plural(kind.words)}`))
    .join(', ');
}

/** "AWS secret keys", "passwords in links". */
export function plural(words: string): string {
  const inA = /^(.+?) in an? (.+)$/.exec(words);
  if (inA) return `${plural(inA[1] as string)} in ${plural(inA[2] as string)}`;
  return words.endsWith('s') ? words : `${words}s`;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
