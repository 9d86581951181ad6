/**
 * How a name is written in a line-per-entry answer (listings, the tree, search results).
 * Names are written bare, which is cheapest to read; a name that could be misread (a line
 * break that would forge another entry, spaces at either end, a marker of ours, a quote)
 * is written as a JSON string instead, so every name can be read back exactly.
 */
export function entryName(name: string): string {
  return AMBIGUOUS.test(name) ? JSON.stringify(name) : name;
}

const AMBIGUOUS = /[\u0000-\u001f\u007f\u2028\u2029]|^["\s]|\s$| \[|…|\/$/u;
