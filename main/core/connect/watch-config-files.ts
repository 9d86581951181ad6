import { realpathSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** One file to watch, and the name its changes are reported under (an app's id). */
export interface WatchedFile {
  readonly name: string;
  readonly file: string;
}

export interface ConfigWatchOptions {
  /** How long a burst of events (a temp file written, then renamed over) is waited out. */
  readonly settleMs?: number;
  /** A folder that could not be watched, or stopped being watchable (it was removed). */
  readonly onProblem?: (folder: string, error: Error) => void;
}

/**
 * Calls `onChange(name)` soon after a watched file is written, replaced or removed. Apps
 * replace their settings by renaming a new file over the old, which ends a watch on the
 * file itself, so the folder is watched and its events filtered by name; a linked file's
 * own folder is watched too. A folder that does not exist (the app is not installed) is
 * skipped. Watches never keep the process alive. Returns the function that stops them all.
 */
export function watchConfigFiles(
  files: readonly WatchedFile[],
  onChange: (name: string) => void,
  options: ConfigWatchOptions = {},
): () => void {
  const settleMs = options.settleMs ?? 100;
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];
  let stopped = false;

  const changed = (name: string) => {
    if (stopped) return;
    clearTimeout(timers.get(name));
    const timer = setTimeout(() => {
      timers.delete(name);
      if (!stopped) onChange(name);
    }, settleMs);
    timer.unref();
    timers.set(name, timer);
  };

  for (const [folder, names] of byFolder(files)) {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (_event, entry) => {
        // Some systems do not say which entry changed: then every file here may have.
        const hit = entry === null ? [...names.values()].flat() : (names.get(entry) ?? []);
        for (const name of hit) changed(name);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        options.onProblem?.(folder, error as Error);
      continue;
    }
    watcher.on('error', (error) => {
      watcher.close();
      options.onProblem?.(folder, error);
    });
    watchers.push(watcher);
  }

  return () => {
    stopped = true;
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}

/** Folder → entry name in it → the names reported for that entry. */
function byFolder(files: readonly WatchedFile[]): Map<string, Map<string, string[]>> {
  const folders = new Map<string, Map<string, string[]>>();
  const add = (file: string, name: string) => {
    const folder = path.dirname(file);
    const entries = folders.get(folder) ?? new Map<string, string[]>();
    folders.set(folder, entries);
    const names = entries.get(path.basename(file)) ?? [];
    if (!names.includes(name)) names.push(name);
    entries.set(path.basename(file), names);
  };
  for (const { name, file } of files) {
    add(path.resolve(file), name);
    const target = realTarget(file);
    if (target !== undefined && target !== path.resolve(file)) add(target, name);
  }
  return folders;
}

function realTarget(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}
