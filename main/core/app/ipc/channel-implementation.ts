import type { z } from 'zod';
import type { InvokeChannel } from '../../../../preload/ipc-channels.ts';
import type { ipcContract, ResponseOf } from '../../../../preload/ipc-contract.ts';

/** A request as main sees it: already checked against the contract, defaults filled in. */
export type RequestData<C extends InvokeChannel> = z.output<(typeof ipcContract)[C]['request']>;

/**
 * What main does for each channel of one area of the window. The dispatcher in
 * ipc-handlers.ts validates the request before, and the result after; an AppError thrown
 * here reaches the window as its code and message, anything else as a generic message.
 */
export type ChannelImplementations<C extends InvokeChannel> = {
  readonly [K in C]: (request: RequestData<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
};
