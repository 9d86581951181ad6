import { constants } from 'node:fs';
import { access, copyFile, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../fs/replace-file.ts';
import type { ConfigEdit } from './config-edit.ts';
import { ConnectError } from './connect-error.ts';
import { checkMeaning, mergeConfigText } from './merge-config.ts';

export interface ConfigWriteResult {
  /** The file written (links followed), or that would be written. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
  /** The copy of the old file, when there was one and it changed. */
  readonly backup: string | undefined;
  readonly created: boolean;
}

/**
 * Merges our edits into a client's config file: backup first, then an atomic write that
 * keeps the owner's permissions and drops everyone else's (the file may now hold a key),
 * then a read-back check. When nothing would change, nothing is
 * written and no backup is made. With dryRun, only reports what would change.
 */
export async function writeConfigFile(
  file: string,
  edits: readonly ConfigEdit[],
  options: { dryRun?: boolean; now?: () => Date } = {},
): Promise<ConfigWriteResult> {
  const target = await realpath(file).catch(() => path.resolve(file));
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing && !existing.isFile()) {
    throw new ConnectError('not_a_file', `${target} is not a file. Nothing was changed.`);
  }
  const before = existing ? await readFile(target, 'utf8') : '';
  const { text: after, changed } = mergeConfigText(before, edits);
  const result = { file: target, before, after, changed, backup: undefined, created: !existing };
  if (!changed || options.dryRun) return result;

  if (existing) await assertWritable(target, existing.mode);
  // Only the person may read a folder we create: configs can hold keys.
  else await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const backup = existing
    ? await writeBackup(target, (options.now ?? (() => new Date()))())
    : undefined;
  await replaceFile(target, after, existing ? existing.mode & 0o700 : 0o600);
  await checkReadBack(target, before, after, edits);
  return { ...result, backup };
}

/**
 * Refuses a file that writing would refuse as read-only, before anything is made for the
 * write (a client's key). A file that is not there yet will be created, so it passes.
 */
export async function assertConfigWritable(file: string): Promise<void> {
  const target = await realpath(file).catch(() => path.resolve(file));
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isFile()) await assertWritable(target, existing.mode);
}

async function assertWritable(file: string, mode: number): Promise<void> {
  // Checked by mode too: an administrator passes access(), yet a read-only file means "leave me".
  const readOnly =
    (mode & 0o222) === 0 ||
    (await access(file, constants.W_OK).then(
      () => false,
      () => true,
    ));
  if (readOnly) {
    throw new ConnectError(
      'read_only',
      `${file} is read-only, so Airlock did not change it. Make it writable and run this again, or add the entry by hand.`,
    );
  }
}

/** `<file>.airlock-backup-20250101T120000Z`, with a counter if that name is taken. */
async function writeBackup(file: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (let attempt = 0; ; attempt += 1) {
    const backup = `${file}.airlock-backup-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    try {
      await copyFile(file, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

async function checkReadBack(
  file: string,
  before: string,
  after: string,
  edits: readonly ConfigEdit[],
): Promise<void> {
  const reread = await readFile(file, 'utf8');
  if (reread !== after) {
    throw new ConnectError(
      'verify_failed',
      `${file} changed while Airlock wrote it (perhaps the app rewrote it). Close the app and run this again; the previous version is kept as a backup next to it.`,
    );
  }
  checkMeaning(before, reread, edits);
}
