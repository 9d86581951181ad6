import { mkdirSync, watch } from 'node:fs';
import { KEYS_FILE_NAME } from './key-metadata.ts';

const DEFAULT_DEBOUNCE_MS = 50;

export interface WatchKeyChangesOptions {
  readonly debounceMs?: number;
  /** The watch itself failed (for example the data dir was removed). */
  readonly onError?: (error: Error) => void;
}

/**
 * Calls `onChange` soon after keys.json changes, in this or any other process, so a
 * running server reloads its keys at once after `airlock keys revoke`. The folder is
 * watched rather than the file: keys.json is replaced by a rename, which a watch on the
 * old file would miss. Bursts of events become one call. Returns a function that stops it.
 */
export function watchKeyChanges(
  dataDir: string,
  onChange: () => void,
  options: WatchKeyChangesOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const watcher = watch(dataDir, (_event, filename) => {
    if (stopped || !concernsKeys(filename)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!stopped) onChange();
    }, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  return () => {
    stopped = true;
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * keys.json itself, or its temp file (some systems report a rename only under the old
 * name), or an event with no name at all, which could be either.
 */
function concernsKeys(filename: string | null): boolean {
  if (filename === null) return true;
  return (
    filename === KEYS_FILE_NAME ||
    (filename.startsWith(`${KEYS_FILE_NAME}.`) && filename.endsWith('.tmp'))
  );
}
