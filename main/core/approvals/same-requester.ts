import type { Requester } from '../../../preload/contract/approval-views.ts';

/**
 * Whether two requests come from the same app, as far as Airlock can tell: the same client
 * name, over the same transport, with the same key. A standing allow and the limit on
 * waiting requests both hold per requester.
 */
export function sameRequester(a: Requester, b: Requester): boolean {
  return a.client === b.client && a.transport === b.transport && a.keyName === b.keyName;
}
