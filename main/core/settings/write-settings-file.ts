import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

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
  const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', SETTINGS_FILE_MODE);
    try {
      await handle.writeFile(`${JSON.stringify(data, undefined, '\t')}\n`, 'utf8');
      // The umask cannot widen it, but an unusual one could narrow it past what we need.
      await handle.chmod(SETTINGS_FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
