import { createHash } from 'node:crypto';
import type { Requester } from '../../../preload/contract/approval-views.ts';

/**
 * The key that says two calls are the same call: the same requester (client, key and
 * transport), the same tool and the same arguments, compared as canonical JSON (keys sorted
 * at every depth, so their order never matters; values exact, so any other value, even one
 * character, gives another key). A retry after the person's OK goes through only under it.
 */
export function callKey(requester: Requester, tool: string, args: unknown): string {
  const identity = [requester.transport, requester.keyName ?? '', requester.client, tool];
  return createHash('sha256')
    .update(JSON.stringify(identity))
    .update('\n')
    .update(canonicalJson(args))
    .digest('hex');
}

/** JSON with every object's keys sorted; undefined members dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) out[key] = sorted(record[key]);
  }
  return out;
}
