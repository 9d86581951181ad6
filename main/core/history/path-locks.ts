/**
 * Changes to one path in this process, one at a time. History keeps what each change
 * replaces: two writes to one file at once would both keep the same old version, and the
 * first one's new version, replaced by the second, would be kept by neither. So a change
 * holds its paths from its capture until it is finished, settled or abandoned, and a second
 * change to a path waits for the first. (Other processes are not held; each records its own.)
 */
const held = new Map<string, Promise<void>>();

/** Takes every path in `keys`, in one order so that two changes cannot wait on each other. */
export async function lockPaths(keys: readonly string[]): Promise<() => void> {
  const releases: Array<() => void> = [];
  for (const key of [...new Set(keys)].sort()) releases.push(await lockOne(key));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const release of releases.reverse()) release();
  };
}

async function lockOne(key: string): Promise<() => void> {
  for (let current = held.get(key); current; current = held.get(key)) await current;
  let release = (): void => undefined;
  const taken = new Promise<void>((resolve) => {
    release = resolve;
  });
  held.set(key, taken);
  return () => {
    if (held.get(key) === taken) held.delete(key);
    release();
  };
}
