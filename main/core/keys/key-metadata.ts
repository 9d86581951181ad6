import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../fs/replace-file.ts';
import { z } from 'zod';
import { KeyScopeSchema } from './key-scope.ts';
import { KeysError } from './keys-error.ts';

/** The list of keys (never their secrets), shared by the CLI, the tray app and servers. */
export const KEYS_FILE_NAME = 'keys.json';

const KeyRecordSchema = z.object({
  name: z.string().min(1).max(64),
  created: z.iso.datetime(),
  /** When the secret was last replaced; servers reload when it changes. */
  rotated: z.iso.datetime().optional(),
  scope: KeyScopeSchema,
  /**
   * The app Airlock made this key for when it connected that app (its id: `cursor`,
   * `vscode`). Absent for a key the person made: Airlock never rotates or revokes such a
   * key on its own, whatever its name.
   */
  madeFor: z.string().min(1).max(64).optional(),
});

const KeysFileSchema = z.array(KeyRecordSchema).superRefine((records, context) => {
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    if (seen.has(record.name))
      context.addIssue({
        code: 'custom',
        message: `"${record.name}" appears twice`,
        path: [index],
      });
    seen.add(record.name);
  }
});

export type KeyRecord = z.infer<typeof KeyRecordSchema>;

export function keysFilePath(dataDir: string): string {
  return path.join(dataDir, KEYS_FILE_NAME);
}

/** When a key's current secret was issued: servers compare it to notice a rotation. */
export function issuedAt(record: KeyRecord): string {
  return record.rotated ?? record.created;
}

/**
 * Reads the key list; a missing file means no keys yet. A file that cannot be used is an
 * error and is left exactly as it is: replacing it would silently forget keys.
 */
export async function readKeyRecords(dataDir: string): Promise<KeyRecord[]> {
  const file = keysFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new KeysError(
      'corrupt_metadata',
      `Could not read the key list ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw corrupt(file, 'it is not valid JSON');
  }
  const parsed = KeysFileSchema.safeParse(json);
  if (!parsed.success)
    throw corrupt(file, z.prettifyError(parsed.error).replace(/\n/g, '; ').replace(/✖ /g, ''));
  return parsed.data;
}

function corrupt(file: string, why: string): KeysError {
  return new KeysError(
    'corrupt_metadata',
    `The key list ${file} is damaged (${why}). Airlock has not changed it. Restore it from a backup, or move it aside and make your keys again with "airlock keys create".`,
  );
}

/**
 * Replaces the key list so that readers see the old list or the new, never a mix: the
 * new list goes to a temp file beside it (only the owner may read it), then is renamed
 * over it. A watching server sees the rename as a change to keys.json.
 */
export async function writeKeyRecords(
  dataDir: string,
  records: readonly KeyRecord[],
): Promise<void> {
  const validated = KeysFileSchema.parse(records);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = keysFilePath(dataDir);
  await replaceFile(file, `${JSON.stringify(validated, null, 2)}\n`, 0o600);
  await syncDirectory(dataDir);
}

/** Makes the rename itself durable where the system allows it (not on Windows). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
