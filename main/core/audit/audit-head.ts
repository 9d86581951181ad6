import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { z } from 'zod';
import { chainMac } from './chain.ts';

/**
 * The head file remembers the last record written. A log cut short (lines removed from
 * the end) no longer reaches the head, so truncation is detectable; with the keychain's
 * audit key the head carries a MAC, so it cannot be rewritten to match.
 */
export const AuditHeadSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  mac: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

// Fixed width, so each update overwrites the previous one in place with one write.
const HEAD_BYTES = 256;

export function headMac(key: Uint8Array, seq: number, hash: string): string {
  return chainMac(key, `head:${seq}:${hash}`);
}

export function readHead(file: string): AuditHead | undefined {
  try {
    return parseHead(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseHead(text: string): AuditHead | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, hash, mac } = value as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return undefined;
  if (typeof hash !== 'string' || !HEX64.test(hash)) return undefined;
  if (mac !== undefined && (typeof mac !== 'string' || !HEX64.test(mac))) return undefined;
  return mac === undefined ? { seq, hash } : { seq, hash, mac };
}

export class HeadWriter {
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+', 0o600);
  }

  /** The head as last written, read through the open descriptor without zod: this runs per append. */
  read(): AuditHead | undefined {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const length = readSync(this.fd, buffer, 0, HEAD_BYTES, 0);
    return parseHead(buffer.subarray(0, length).toString('utf8'));
  }

  write(head: AuditHead): void {
    const text = JSON.stringify(head).padEnd(HEAD_BYTES - 1, ' ') + '\n';
    writeSync(this.fd, text, 0, 'utf8');
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
