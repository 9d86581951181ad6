import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { readDescriptor } from '../platform/descriptor-io.ts';

const CHUNK = 1024 * 1024;
const READ_OWN = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** What a file's content is, for the content store: its SHA-256 and length. */
export interface ContentHash {
  readonly sha256: string;
  readonly size: number;
}

/** Hashes the whole content behind an open descriptor, from its start. */
export async function hashDescriptor(fd: number): Promise<ContentHash> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  for (;;) {
    const bytesRead = await readDescriptor(fd, buffer, 0, CHUNK, size);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    size += bytesRead;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Hashes one of history's own files (never a link: history makes none it would follow). */
export async function hashOwnFile(file: string): Promise<ContentHash> {
  const handle = await open(file, READ_OWN);
  try {
    return await hashDescriptor(handle.fd);
  } finally {
    await handle.close();
  }
}

export function hashBytes(data: Uint8Array): ContentHash {
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}
