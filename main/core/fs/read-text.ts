import type { FileHandle } from 'node:fs/promises';
import type { Limits } from '../policy/limits.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { assertNoCredentialConfig } from './credential-config.ts';
import { looksBinary, SNIFF_BYTES } from './text-detect.ts';
import { openVerified } from './verified-open.ts';

/** Which part of a text file to read, in lines. */
export type LineWindow =
  | { readonly kind: 'whole' }
  | { readonly kind: 'head'; readonly lines: number }
  | { readonly kind: 'tail'; readonly lines: number }
  | { readonly kind: 'range'; readonly offset: number; readonly length: number };

export interface TextRead {
  readonly text: string;
  readonly fileBytes: number;
}

const CHUNK = 64 * 1024;

/** Reads a text file (or part of it) that the policy resolved, within the read limit. */
export async function readTextInside(
  policy: PathPolicy,
  resolved: ResolvedPath,
  limits: Limits,
  window: LineWindow,
): Promise<TextRead> {
  await assertNoCredentialConfig(policy, resolved);
  const handle = await openVerified(resolved);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new PolicyError('not_a_file', 'That path is a folder or a special file, not a file.');
    if (window.kind === 'whole') {
      // One read for the common case: the whole file, sniffed from the same buffer.
      if (stats.size > limits.maxReadBytes) throw tooLarge(stats.size, limits.maxReadBytes);
      const content = await readAt(handle, 0, stats.size);
      refuseBinary(content);
      return { text: content.toString('utf8'), fileBytes: stats.size };
    }
    refuseBinary(await readAt(handle, 0, Math.min(SNIFF_BYTES, stats.size)));
    const text = await readWindow(handle, stats.size, limits.maxReadBytes, window);
    return { text, fileBytes: stats.size };
  } finally {
    await handle.close();
  }
}

function refuseBinary(sample: Uint8Array): void {
  if (looksBinary(sample)) {
    throw new PolicyError(
      'binary',
      'This file is not text. Use read_media_file for images and audio, or get_file_info to learn about it.',
    );
  }
}

async function readWindow(
  handle: FileHandle,
  size: number,
  maxBytes: number,
  window: Exclude<LineWindow, { kind: 'whole' }>,
): Promise<string> {
  switch (window.kind) {
    case 'head':
      return readForwardLines(handle, size, maxBytes, 0, window.lines);
    case 'range':
      return readForwardLines(handle, size, maxBytes, window.offset, window.length);
    case 'tail':
      return readTailLines(handle, size, maxBytes, window.lines);
  }
}

/** Lines [skip, skip + take) of the file, read in chunks so a huge file costs only what is kept. */
async function readForwardLines(
  handle: FileHandle,
  size: number,
  maxBytes: number,
  skip: number,
  take: number,
): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let line = 0;
  for (let position = 0; position < size && line < skip + take; position += CHUNK) {
    const chunk = await readAt(handle, position, Math.min(CHUNK, size - position));
    let start = 0;
    while (start < chunk.length && line < skip + take) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (line >= skip) {
        kept.push(chunk.subarray(start, end));
        keptBytes += end - start;
        if (keptBytes > maxBytes) throw tooLargePart(maxBytes);
      }
      if (newline === -1) break;
      line += 1;
      start = end;
    }
  }
  return Buffer.concat(kept).toString('utf8');
}

/** The last `take` lines, read backwards from the end. */
async function readTailLines(
  handle: FileHandle,
  size: number,
  maxBytes: number,
  take: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let newlines = 0;
  let position = size;
  // A final newline ends the last line rather than starting an empty one.
  const last = size > 0 ? await readAt(handle, size - 1, 1) : Buffer.alloc(0);
  const needed = take + (last[0] === 10 ? 1 : 0);
  while (position > 0) {
    const length = Math.min(CHUNK, position);
    position -= length;
    const chunk = await readAt(handle, position, length);
    for (let index = chunk.length - 1; index >= 0; index -= 1) {
      if (chunk[index] !== 10) continue;
      newlines += 1;
      if (newlines === needed) {
        chunks.unshift(chunk.subarray(index + 1));
        return finish(chunks, maxBytes);
      }
    }
    chunks.unshift(chunk);
    if (size - position > maxBytes) throw tooLargePart(maxBytes);
  }
  return finish(chunks, maxBytes);
}

function finish(chunks: Buffer[], maxBytes: number): string {
  const joined = Buffer.concat(chunks);
  if (joined.length > maxBytes) throw tooLargePart(maxBytes);
  return joined.toString('utf8');
}

export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function tooLarge(size: number, maxBytes: number): PolicyError {
  return new PolicyError(
    'too_large',
    `The file is ${formatBytes(size)}, more than Airlock reads at once (${formatBytes(maxBytes)}). Read part of it with head, tail, or offset and length.`,
  );
}

function tooLargePart(maxBytes: number): PolicyError {
  return new PolicyError(
    'too_large',
    `That part of the file is more than Airlock reads at once (${formatBytes(maxBytes)}). Ask for fewer lines.`,
  );
}
