import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
import { AuditRecordSchema, type AuditRecord } from './audit-record.ts';

const FIELD_ORDER = Object.keys(AuditRecordSchema.shape).filter(
  (key) => key !== 'hash' && key !== 'mac',
);

/**
 * The exact text a record's hash covers: its fields in schema order, without `hash` and
 * `mac`. Writer and verifier both derive it from the parsed record, so the bytes on disk
 * may be re-serialized without breaking the chain.
 */
export function canonicalText(record: Omit<AuditRecord, 'hash' | 'mac'> | AuditRecord): string {
  const ordered: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  for (const key of FIELD_ORDER) {
    if (source[key] !== undefined) ordered[key] = source[key];
  }
  return JSON.stringify(ordered);
}

export function chainHash(record: Omit<AuditRecord, 'hash' | 'mac'>): string {
  return hashOfCanonical(record.prev, canonicalText(record));
}

/** SHA-256 over `prev`, a newline and the canonical text: a record's `hash`. */
export function hashOfCanonical(prev: string, canonical: string): string {
  // The one-shot hash: for a record this short, setting up a Hash object costs more than hashing.
  return hash('sha256', `${prev}\n${canonical}`, 'hex');
}

// Turning raw bytes into a key object costs more than the MAC itself; do it once per key.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

/** The keyed anchor: without the key, a rewritten chain cannot carry valid MACs. */
export function chainMac(key: Uint8Array, hash: string): string {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(hash).digest('hex');
}

/** The line written to disk: canonical fields, then hash and mac. */
export function recordLine(record: AuditRecord): string {
  return lineOfCanonical(canonicalText(record), record.hash, record.mac);
}

/** The same line, from the canonical text the writer already made for the hash. */
export function lineOfCanonical(canonical: string, hash: string, mac: string | undefined): string {
  const tail = mac ? `,"hash":"${hash}","mac":"${mac}"}` : `,"hash":"${hash}"}`;
  return `${canonical.slice(0, -1)}${tail}\n`;
}
