import path from 'node:path';
import {
  bufferReader,
  readAt,
  readInto,
  type PositionedReader,
} from '../platform/descriptor-io.ts';
import type { Limits } from '../policy/limits.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import type { SensitiveGuard } from '../policy/sensitive-guard.ts';
import { readConfigWithoutCredential } from './credential-config.ts';
import { notARegularFile } from './special-file.ts';
import { looksBinary, SNIFF_BYTES } from './text-detect.ts';
import { openVerified, type ReadableFile } from './verified-open.ts';

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
/** A whole-file read starts with this much, read while fstat runs: most text files fit. */
const FIRST_READ_BYTES = 64 * 1024;
/** Reused by one read at a time: 64 KiB of fresh memory per call is work for the collector. */
let spareFirstBuffer: Buffer | undefined = Buffer.allocUnsafeSlow(FIRST_READ_BYTES);

/** Reads a text file (or part of it) that the policy resolved, within the read limit. */
export async function readTextInside(
  guard: SensitiveGuard,
  resolved: ResolvedPath,
  limits: Limits,
  window: LineWindow,
  access: FileAccess,
): Promise<TextRead> {
  const handle = await openVerified(resolved.real, 'file', access);
  try {
    if (guard.needsContentCheck(path.basename(resolved.real))) {
      return await readConfigText(guard, handle, limits.maxReadBytes, window);
    }
    if (window.kind === 'whole') return await readWhole(handle, limits.maxReadBytes);
    const stats = await handle.stat();
    if (!stats.isFile()) throw notARegularFile(stats);
    refuseBinary(await readAt(handle, 0, Math.min(SNIFF_BYTES, stats.size)));
    const text = await readWindow(handle, stats.size, limits.maxReadBytes, window);
    return { text, fileBytes: stats.size };
  } finally {
    handle.closeInBackground();
  }
}

/**
 * A config file whose guard depends on its content (.npmrc, ...): read whole, once, judged,
 * and answered from those same bytes. Judging one read and answering from another would let
 * a file swapped in between hand over its token.
 */
async function readConfigText(
  guard: SensitiveGuard,
  handle: ReadableFile,
  maxBytes: number,
  window: LineWindow,
): Promise<TextRead> {
  const stats = await handle.stat();
  if (!stats.isFile()) throw notARegularFile(stats);
  const bytes = await readConfigWithoutCredential(guard, handle, stats.size);
  refuseBinary(bytes);
  if (window.kind === 'whole') {
    if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
    return { text: bytes.toString('utf8'), fileBytes: bytes.length };
  }
  const text = await readWindow(bufferReader(bytes), bytes.length, maxBytes, window);
  return { text, fileBytes: bytes.length };
}

/**
 * The whole file, sniffed from the same buffer. Its first chunk is read while fstat runs
 * rather than after it: one trip through the thread pool instead of two for a small file.
 * The descriptor is non-blocking, so if fstat shows a pipe or a device, that read could
 * not have hung, and its bytes are dropped unseen. Both are awaited before the descriptor
 * may close, so a read can never land on a reused descriptor number.
 */
async function readWhole(handle: ReadableFile, maxBytes: number): Promise<TextRead> {
  const spare = spareFirstBuffer;
  spareFirstBuffer = undefined;
  try {
    const length = Math.min(FIRST_READ_BYTES, maxBytes + 1);
    return await readWholeInto(
      handle,
      maxBytes,
      spare?.subarray(0, length) ?? Buffer.allocUnsafe(length),
    );
  } finally {
    // Only once every read into it has settled, and its bytes were copied out.
    if (spare) spareFirstBuffer = spare;
  }
}

async function readWholeInto(
  handle: ReadableFile,
  maxBytes: number,
  first: Buffer,
): Promise<TextRead> {
  const [statted, firstRead] = await Promise.allSettled([
    handle.stat(),
    handle.read(first, 0, first.length, 0),
  ]);
  if (statted.status === 'rejected') throw statted.reason;
  const stats = statted.value;
  if (!stats.isFile()) throw notARegularFile(stats);
  if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes);
  if (firstRead.status === 'rejected') throw firstRead.reason;
  const { bytesRead } = firstRead.value;
  let content = first.subarray(0, bytesRead);
  // A full first chunk: the file is at least that long (it may have grown since fstat).
  // The rest is read straight into the whole buffer, so a large file is copied only once.
  if (bytesRead === first.length) {
    if (bytesRead > maxBytes) throw tooLarge(bytesRead, maxBytes);
    const whole = Buffer.allocUnsafe(Math.max(stats.size, bytesRead));
    first.copy(whole, 0, 0, bytesRead);
    content = whole.subarray(0, bytesRead + (await readInto(handle, whole, bytesRead, bytesRead)));
  }
  refuseBinary(content);
  return { text: content.toString('utf8'), fileBytes: stats.size };
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
  handle: PositionedReader,
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
  handle: PositionedReader,
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
  handle: PositionedReader,
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
