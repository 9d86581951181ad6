import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
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
    return AuditHeadSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

export class HeadWriter {
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w', 0o600);
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
