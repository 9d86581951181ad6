import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { AuditRecord } from './audit-record.ts';
import { parseSoundRecord } from './audit-line.ts';

/** What the end of an audit file looks like when a writer opens it. */
export interface AuditTail {
  readonly size: number;
  /** The last complete, sound record, if any. */
  readonly last?: AuditRecord;
  /** The first record, whose time starts the file's age for rotation. */
  readonly first?: AuditRecord;
  /** Where a torn last line starts: bytes from here on are set aside when a writer opens. */
  readonly tornFrom?: number;
  /** "incomplete": no final newline, an interrupted write. "unsound": a whole line that fails its own hash. */
  readonly tornReason?: 'incomplete' | 'unsound';
}

const WINDOW = 1024 * 1024;
const NEWLINE = 0x0a;

export function readAuditTail(file: string): AuditTail {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0 };
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { size };
    const firstBytes = readRange(fd, 0, Math.min(size, 64 * 1024));
    const firstEnd = firstBytes.indexOf(NEWLINE);
    const first =
      firstEnd === -1
        ? undefined
        : parseSoundRecord(firstBytes.subarray(0, firstEnd).toString('utf8'));

    const start = Math.max(0, size - WINDOW);
    const window = readRange(fd, start, size - start);
    // Bytes after the last newline are a line whose write never finished.
    const completeEnd = window.lastIndexOf(NEWLINE) + 1;
    let tornFrom = completeEnd < window.length ? start + completeEnd : undefined;
    let tornReason: AuditTail['tornReason'] = tornFrom === undefined ? undefined : 'incomplete';
    let last: AuditRecord | undefined;
    if (completeEnd > 0) {
      const lastStart = window.lastIndexOf(NEWLINE, completeEnd - 2) + 1;
      last = parseSoundRecord(window.subarray(lastStart, completeEnd - 1).toString('utf8'));
      if (!last) {
        // A finished but unsound last line is torn too; only the last line may be set aside.
        tornFrom = start + lastStart;
        tornReason = 'unsound';
        if (lastStart > 0) {
          const previousStart = window.lastIndexOf(NEWLINE, lastStart - 2) + 1;
          last = parseSoundRecord(window.subarray(previousStart, lastStart - 1).toString('utf8'));
        }
      }
    }
    return {
      size,
      ...(last ? { last } : {}),
      ...(first ? { first } : {}),
      ...(tornFrom !== undefined ? { tornFrom, tornReason } : {}),
    };
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const count = readSync(fd, buffer, filled, length - filled, position + filled);
    if (count === 0) break;
    filled += count;
  }
  return buffer.subarray(0, filled);
}
