import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditFiles } from './audit-files.ts';
import { parseSoundRecord } from './audit-line.ts';
import { readAuditTail } from './audit-tail.ts';

/** The end of a file is read first: the anchor names a record of the last few seconds. */
const TAIL_WINDOW = 1024 * 1024;

/**
 * The hash of record `seq` as the files hold it now, or undefined when no file holds a sound
 * record of that number (cut off, deleted, or never written). Newest file first.
 */
export async function findRecordHash(files: AuditFiles, seq: number): Promise<string | undefined> {
  // A rotation while the files are read moves the record to a name not yet listed: a miss
  // counts only when the files stayed as they were.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const listed = files.chain().join('\n');
    const hash = await searchFiles(files.chain(), seq);
    if (hash !== undefined || files.chain().join('\n') === listed) return hash;
  }
  return undefined;
}

async function searchFiles(chain: readonly string[], seq: number): Promise<string | undefined> {
  for (const file of [...chain].reverse()) {
    const tail = readAuditTail(file);
    if (!tail.last || tail.last.seq < seq) continue;
    if (tail.first && tail.first.seq > seq) continue;
    try {
      return (await hashInTail(file, seq)) ?? (await hashInWholeFile(file, seq));
    } catch (error) {
      // Rotated away since its tail was read: the next listing has it under its new name.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
  return undefined;
}

async function hashInTail(file: string, seq: number): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_WINDOW);
    const window = Buffer.alloc(size - start);
    await handle.read(window, 0, window.length, start);
    // The window's first line may be cut; it just fails to parse.
    for (const line of window.toString('utf8').split('\n')) {
      const record = parseSoundRecord(line);
      if (record?.seq === seq) return record.hash;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

async function hashInWholeFile(file: string, seq: number): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const prefix = `{"seq":${seq},`;
  for await (const line of lines) {
    if (!line.startsWith(prefix)) continue;
    lines.close();
    return parseSoundRecord(line)?.hash;
  }
  return undefined;
}
