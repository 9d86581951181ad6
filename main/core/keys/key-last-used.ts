import { mkdir, open, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { keyFileName } from './key-name.ts';

/**
 * When each key was last used, kept apart from keys.json: servers record uses while the
 * CLI edits the list, and a marker per key (its mtime is the last use) needs no
 * read-modify-write, so the two never race or wake each other's watchers.
 */
const MIN_INTERVAL_MS = 60_000;

/** The last marker time this process wrote, per marker file: at most one write a minute. */
const lastWritten = new Map<string, number>();

function markerPath(dataDir: string, name: string): string {
  return path.join(dataDir, 'keys', 'used', keyFileName(name));
}

/**
 * Notes that a key was just used. Servers call this on every authenticated request; it
 * touches the disk at most once a minute per key. Resolves whether it wrote the marker;
 * rejects on a file system error, which the caller should log rather than fail a request on.
 */
export async function recordKeyUse(
  dataDir: string,
  name: string,
  now: number = Date.now(),
): Promise<boolean> {
  const file = markerPath(dataDir, name);
  const previous = lastWritten.get(file);
  if (previous !== undefined && now - previous < MIN_INTERVAL_MS && now >= previous) return false;
  lastWritten.set(file, now);
  const when = new Date(now);
  try {
    await utimes(file, when, when);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await (await open(file, 'a', 0o600)).close();
    await utimes(file, when, when);
  }
  return true;
}

/** When the key was last used, or undefined if never (or not since it was made). */
export async function readKeyLastUsed(dataDir: string, name: string): Promise<Date | undefined> {
  try {
    return (await stat(markerPath(dataDir, name))).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Forgets a key's uses, when it is revoked or a new key takes its name. */
export async function forgetKeyUse(dataDir: string, name: string): Promise<void> {
  const file = markerPath(dataDir, name);
  lastWritten.delete(file);
  await rm(file, { force: true });
}
