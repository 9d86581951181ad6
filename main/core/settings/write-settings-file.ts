import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../fs/replace-file.ts';

/** The settings can point at the person's folders: only their own user may read them. */
export const SETTINGS_FILE_MODE = 0o600;

/**
 * Replaces the settings file so that a reader (the CLI, a crash) sees the old file or the
 * new one, never half of each: the JSON goes to a temp file beside it, is flushed, and is
 * renamed over the target. Tabs, as electron-store writes it.
 */
export async function writeSettingsFile(file: string, data: unknown): Promise<void> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await replaceFile(file, `${JSON.stringify(data, undefined, '\t')}\n`, SETTINGS_FILE_MODE);
}
