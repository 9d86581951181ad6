// The file names whose secrets agents may read as they are: words and the check of one name
// before it joins the list. Main checks the list again (at most 200 names of 200 characters).

/** How many names the list holds, and how long one may be, as the settings allow. */
export const EXEMPT_LIMITS = { names: 200, length: 200 } as const;

export const EXEMPT_EXAMPLE = '*.example';

/** Why this name cannot be added, in plain words, or undefined when it can. */
export function checkExemptName(entry: string, items: readonly string[]): string | undefined {
  if (entry === '') return `Type a file name first, such as ${EXEMPT_EXAMPLE}.`;
  if (/[\\/]/.test(entry))
    return `Write a file name without its folder, such as ${EXEMPT_EXAMPLE}: it counts in every folder.`;
  if (/^\*+$/.test(entry))
    return 'A name of only * would show the secrets of every file. To stop hiding them in one folder, turn it off for that folder in Folders.';
  if (entry.length > EXEMPT_LIMITS.length)
    return `That name is too long: ${EXEMPT_LIMITS.length} characters at most.`;
  if (items.includes(entry)) return `${entry} is in the list already.`;
  if (items.length >= EXEMPT_LIMITS.names)
    return `The list is full: ${EXEMPT_LIMITS.names} names at most.`;
  return undefined;
}
