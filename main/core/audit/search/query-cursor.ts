import { AuditQueryError } from './audit-query.ts';

/**
 * The opaque cursor of a page: the row of the last record returned (the next page starts
 * below it, newest first) and that record's seq. The seq lets an index rebuilt since the
 * cursor was made still find the place, or refuse a cursor it cannot place.
 */
export interface CursorPosition {
  /** Row of the last record returned; the next page starts at the row below it. */
  readonly row: number;
  readonly seq: number;
}

const VERSION = 'a1';

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${VERSION}:${position.row}:${position.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const row = Number(parts[1]);
  const seq = Number(parts[2]);
  if (
    parts.length !== 3 ||
    parts[0] !== VERSION ||
    !Number.isSafeInteger(row) ||
    row < 0 ||
    !Number.isSafeInteger(seq)
  ) {
    throw new AuditQueryError('cursor', 'This page cursor is not valid.');
  }
  return { row, seq };
}
