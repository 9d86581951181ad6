/**
 * The text box of a query, as terms: whitespace separates terms, all of which must match
 * (AND); "double quotes" keep a phrase with spaces together. Terms are lowercased, since
 * matching is case-insensitive, and duplicates are dropped.
 */
export function parseTerms(text: string | undefined): string[] {
  if (text === undefined) return [];
  const terms = new Set<string>();
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim().toLowerCase();
    if (term !== '') terms.add(term);
  }
  // A term that another term contains adds nothing to an AND of substrings.
  const all = [...terms];
  return all.filter((term) => !all.some((other) => other !== term && other.includes(term)));
}
