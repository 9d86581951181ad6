import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { readDescriptor } from '../platform/descriptor-io.ts';
import type { FileAccess } from '../platform/file-access.ts';

const CHUNK = 1024 * 1024;
const READ_OWN = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** What a file's content is, for the content store: its SHA-256 and length. */
export interface ContentHash {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Hashes the whole content behind an open descriptor, from its start, read with `access`
 * (the thread pool unless given). `sizeHint`, the size the file is expected to have, keeps
 * the buffer no larger than needed: a megabyte for every small file is garbage to collect.
 */
export async function hashDescriptor(
  fd: number,
  access?: FileAccess,
  sizeHint = CHUNK,
): Promise<ContentHash> {
  const hash = createHash('sha256');
  const length = Math.min(CHUNK, Math.max(4096, sizeHint + 1));
  const buffer = Buffer.allocUnsafe(length);
  const read = access?.read ?? readDescriptor;
  let size = 0;
  for (;;) {
    const bytesRead = await read(fd, buffer, 0, length, size);
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

/** From this size up, hashBytesOffThread hashes on the thread pool. */
const OFF_THREAD_BYTES = 64 * 1024;

/**
 * hashBytes, made on the thread pool (WebCrypto's digest) for all but small data: a
 * megabyte's hash takes over half a millisecond of the thread that answers every call,
 * and on the pool it runs alongside the write it belongs to. The data is copied when the
 * hash begins, so the caller may reuse it at once.
 */
export async function hashBytesOffThread(data: Uint8Array): Promise<ContentHash> {
  const { buffer, byteOffset, byteLength } = data;
  // Memory shared with another thread could change under the pool's hash.
  if (byteLength < OFF_THREAD_BYTES || !(buffer instanceof ArrayBuffer)) return hashBytes(data);
  const view = new Uint8Array(buffer, byteOffset, byteLength);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', view);
  return { sha256: Buffer.from(digest).toString('hex'), size: byteLength };
}
