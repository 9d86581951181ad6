import type { EventChannel, InvokeChannel } from './ipc-channels.ts';
import type { Envelope, EventPayloadOf, RequestOf, ResponseOf } from './ipc-contract.ts';

/** Where the API appears in the window: `window.airlock`. */
export const AIRLOCK_API_KEY = 'airlock';

/** A channel without a request takes no argument; the others take exactly one. */
export type RequestArgs<C extends InvokeChannel> =
  RequestOf<C> extends undefined ? [] : [request: RequestOf<C>];

/**
 * Everything the window can ask of main: one call per contract channel, and a
 * subscription to main's events. Nothing else crosses the bridge.
 */
export interface AirlockApi {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...request: RequestArgs<C>
  ): Promise<Envelope<ResponseOf<C>>>;
  /** Returns the function that ends the subscription. */
  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventPayloadOf<E>) => void,
  ): () => void;
}
