import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file Airlock owns (settings, key list, a client's config) so that a reader
 * sees the old content or the new, never half of each: the text goes to a temp file beside
 * it, is flushed, and is renamed over the target. `mode` is set exactly, whatever the umask.
 * (Files inside a workspace go through writeFileAtomically, which also proves its folder.)
 */
export async function replaceFile(file: string, text: string, mode: number): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.airlock-${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode);
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
