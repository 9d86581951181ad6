import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError } from '../policy/policy-error.ts';
import { assertDescriptorIs, PROC_FD } from './verified-open.ts';

const DIRECTORY_FLAGS =
  constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0);

export interface VerifiedDirectory {
  readonly real: string;
  /** The open descriptor; on Linux `/proc/self/fd/<fd>` names exactly this folder. */
  readonly fd: number;
  /** Fails when the folder at `real` is no longer the one that was opened. */
  assertUnchanged(): Promise<void>;
  /**
   * A path for `name` inside this very folder. On Linux it goes through the descriptor,
   * so a folder swapped for a link after the check cannot redirect it.
   */
  pathOf(name: string): string;
  close(): Promise<void>;
}

/** Holds a folder open so a later step can prove it still is the folder that was checked. */
export async function openVerifiedDirectory(real: string): Promise<VerifiedDirectory> {
  const handle = await open(real, DIRECTORY_FLAGS).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') {
      throw new PolicyError(
        'not_a_directory',
        'That path is a file, not a folder. Use read_text_file to read it.',
      );
    }
    if (error.code === 'ENOENT' || error.code === 'ELOOP') {
      throw new PolicyError(
        'changed_during_operation',
        'A folder on the path changed during the operation. Try again.',
      );
    }
    throw error;
  });
  const describeOpened = () => handle.stat();
  try {
    await assertDescriptorIs(handle.fd, real, describeOpened);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    real,
    fd: handle.fd,
    assertUnchanged: () => assertDescriptorIs(handle.fd, real, describeOpened),
    pathOf: (name: string) => (PROC_FD ? `${PROC_FD}/${handle.fd}/${name}` : path.join(real, name)),
    close: () => handle.close(),
  };
}
