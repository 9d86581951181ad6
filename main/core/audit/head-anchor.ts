import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Keychain } from '../platform/keychain.ts';
import { keychainHolding, keychainWords } from './audit-key.ts';

/**
 * The head anchor: the chain's last record (its seq and hash) as Airlock last wrote it, kept
 * in the keychain beside the audit key, outside the data dir. The head file beside the log
 * shows lines cut from its end; the anchor also shows a log deleted whole, head file and all,
 * or rewritten from the start by someone without the key.
 */
export interface HeadAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** What the keychain said about a log's anchor. */
export type AnchorReading =
  | { readonly state: 'found'; readonly anchor: HeadAnchor }
  /** The keychain answered and holds no anchor for this log: no keyed Airlock wrote it yet. */
  | { readonly state: 'none' }
  /** No keychain to ask: a deleted log cannot be told from one that never was. */
  | { readonly state: 'unavailable'; readonly reason: string };

/** Where one log's anchor is read and written. */
export interface HeadAnchorStore {
  read(): Promise<HeadAnchor | undefined>;
  write(anchor: HeadAnchor): Promise<void>;
}

const StoredAnchorSchema = z.object({
  log: z.string(),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** One entry per log, beside `audit-mac-key`: logs of several data dirs never share one. */
export function anchorAccount(logFile: string): string {
  const digest = createHash('sha256').update(canonicalLogPath(logFile)).digest('hex');
  return `audit-head:${digest.slice(0, 32)}`;
}

export function keychainAnchorStore(keychain: Keychain, logFile: string): HeadAnchorStore {
  const log = canonicalLogPath(logFile);
  const account = anchorAccount(log);
  return {
    async read() {
      const text = await keychain.get(account);
      if (text === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return undefined;
      }
      const parsed = StoredAnchorSchema.safeParse(json);
      if (!parsed.success || parsed.data.log !== log) return undefined;
      return { seq: parsed.data.seq, hash: parsed.data.hash };
    },
    write: (anchor) =>
      keychain.set(account, JSON.stringify({ log, seq: anchor.seq, hash: anchor.hash })),
  };
}

/** The anchor store of the keychain that `key` came from; none for a key that came from none. */
export function anchorStoreFor(
  key: Uint8Array | undefined,
  logFile: string,
): HeadAnchorStore | undefined {
  const keychain = keychainHolding(key);
  return keychain ? keychainAnchorStore(keychain, logFile) : undefined;
}

/** A loaded key, or why there is none: `AuditKeyResult` fits. */
export type KeyOutcome =
  | { readonly key: Uint8Array }
  | { readonly key: undefined; readonly reason: string; readonly keychainAnswered: boolean };

/** Reads the anchor for verify, from the keychain the key came from. */
export async function readAnchor(loaded: KeyOutcome, logFile: string): Promise<AnchorReading> {
  const store = anchorStoreFor(loaded.key, logFile);
  if (!store) {
    // The anchor is written only beside a key: a keychain that has none has no anchor either.
    if (loaded.key === undefined && loaded.keychainAnswered) return { state: 'none' };
    return {
      state: 'unavailable',
      reason: loaded.key === undefined ? loaded.reason : 'the key came from no keychain',
    };
  }
  try {
    const anchor = await store.read();
    return anchor ? { state: 'found', anchor } : { state: 'none' };
  } catch (error) {
    return { state: 'unavailable', reason: keychainWords(error) };
  }
}

/**
 * The log's path as the anchor names it: links in the folders above resolved, so that
 * `/tmp/x` and `/private/tmp/x` are one log. A deleted folder resolves as far as it exists.
 */
export function canonicalLogPath(logFile: string): string {
  const resolved = path.resolve(logFile);
  const rest: string[] = [];
  let folder = path.dirname(resolved);
  for (;;) {
    try {
      return path.join(realpathSync(folder), ...rest, path.basename(resolved));
    } catch {
      const parent = path.dirname(folder);
      if (parent === folder) return resolved;
      rest.unshift(path.basename(folder));
      folder = parent;
    }
  }
}
