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
  for (const file of files.chain().reverse()) {
    const tail = readAuditTail(file);
    if (!tail.last || tail.last.seq < seq) continue;
    if (tail.first && tail.first.seq > seq) continue;
    return (await hashInTail(file, seq)) ?? (await hashInWholeFile(file, seq));
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
