import type { AirlockApi } from '../../preload/airlock-api.ts';
import type { EventChannel, InvokeChannel } from '../../preload/ipc-channels.ts';
import type {
  EventPayloadOf,
  IpcError,
  RequestOf,
  ResponseOf,
} from '../../preload/ipc-contract.ts';

declare global {
  interface Window {
    /** Put there by the preload (or the UI harness's stand-in); the window's only way to main. */
    readonly airlock: AirlockApi;
  }
}

/** A refused or failed call: its message is written for the person and safe to show. */
export class IpcFailure extends Error {
  readonly code: IpcError['code'];
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcFailure';
    this.code = error.code;
  }
}

/** Calls main and unwraps the envelope: the data, or an IpcFailure to show. */
export async function call<C extends InvokeChannel>(
  channel: C,
  ...request: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
): Promise<ResponseOf<C>> {
  const envelope = await window.airlock.invoke(channel, ...request);
  if (!envelope.ok) throw new IpcFailure(envelope.error);
  return envelope.data;
}

export function subscribe<E extends EventChannel>(
  event: E,
  listener: (payload: EventPayloadOf<E>) => void,
): () => void {
  return window.airlock.subscribe(event, listener);
}

/** The words to show for anything a call threw. */
export function failureMessage(error: unknown): string {
  if (error instanceof IpcFailure) return error.message;
  return 'Airlock could not do that. Try again; if it keeps failing, restart Airlock.';
}
