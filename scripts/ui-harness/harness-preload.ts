/// <reference lib="dom" />
// The UI harness's stand-in for preload/preload.ts, bundled into /harness-preload.js and
// loaded by the page before the renderer. It defines the same `window.airlock` API, backed
// by the real main-process handlers in the harness over a loopback bridge.
//
// The app's CSP has `connect-src 'none'`, so the page may not fetch() or open an
// EventSource. It may load same-origin scripts (`script-src 'self'`), so each call is a
// script the harness answers with a call to __airlockHarness (JSONP), and events come by
// long-polling the same way. The CSP the renderer runs under stays exactly the app's.
// Replies and events travel on separate requests, so MainOrder puts them back in the order
// main sent them, as Electron's single pipe delivers them (main-order.ts).
import { AIRLOCK_API_KEY } from '../../preload/airlock-api.ts';
import { createPreloadApi, type PreloadIpc } from '../../preload/create-preload-api.ts';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  isEventChannel,
  wireChannel,
} from '../../preload/ipc-channels.ts';
import type { Envelope } from '../../preload/ipc-contract.ts';
import { MainOrder, type NumberedEvent } from './main-order.ts';

/** What the harness's bridge scripts call back; kept in one global, read-only. */
export interface HarnessCallbacks {
  /** `atSeq`: the number of this reply's marker in the event stream. */
  reply(id: number, envelope: Envelope<unknown>, atSeq?: number): void;
  events(batch: readonly NumberedEvent[]): void;
}

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
type WireListener = (event: unknown, payload: unknown) => void;
const listeners = new Map<string, Set<WireListener>>();
/** Wire names back to the contract's names, which the harness's bridge speaks. */
const byWire = new Map<string, string>(
  [...INVOKE_CHANNELS, ...EVENT_CHANNELS].map((name) => [wireChannel(name), name]),
);
let nextId = 1;
let polling = false;
/** This page load's own name: the harness marks its replies in the stream with it. */
const page = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
  byte.toString(16).padStart(2, '0'),
).join('');
const order = new MainOrder<Envelope<unknown>>(page, {
  event(item) {
    if (!isEventChannel(item.event)) return;
    for (const listener of listeners.get(wireChannel(item.event)) ?? []) {
      listener(undefined, item.payload);
    }
  },
  reply(id, envelope) {
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(envelope);
  },
  // As with Electron's messages: what awaited a reply runs before the next message arrives.
  nextTask: (then) => setTimeout(then, 0),
});

function load(path: string, query: Record<string, string>, onError: () => void): void {
  const script = document.createElement('script');
  script.src = `${path}?${new URLSearchParams({ token, ...query })}`;
  script.addEventListener('load', () => script.remove());
  script.addEventListener('error', () => {
    script.remove();
    onError();
  });
  document.head.append(script);
}

const callbacks: HarnessCallbacks = {
  reply(id, envelope, atSeq) {
    order.replied(id, envelope, atSeq);
  },
  events(batch) {
    order.events(batch);
    setTimeout(poll, 0);
  },
};

function poll(): void {
  load('/__harness/events.js', { after: String(order.received) }, () => setTimeout(poll, 1000));
}

/** Long-polls only after the page has loaded, so a held request never delays `load`. */
function startPolling(): void {
  if (polling) return;
  polling = true;
  if (document.readyState === 'complete') poll();
  else window.addEventListener('load', poll, { once: true });
}

// The page gets the real preload API (channel checks, payload-only listeners) over an ipc
// that travels the harness's bridge instead of Electron's.
const ipc = {
  invoke(wire: string, ...request: unknown[]): Promise<Envelope<unknown>> {
    const channel = byWire.get(wire) ?? wire;
    const id = nextId++;
    const query: Record<string, string> = { id: String(id), channel, page };
    if (request.length > 0) query['request'] = JSON.stringify(request[0]);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      // The reply waits for its marker in the event stream, so the stream must be read.
      startPolling();
      load('/__harness/invoke.js', query, () =>
        callbacks.reply(id, {
          ok: false,
          error: { code: 'unavailable', message: 'The UI harness did not answer.' },
        }),
      );
    });
  },
  on(wire: string, listener: WireListener) {
    const set = listeners.get(wire) ?? new Set();
    listeners.set(wire, set);
    set.add(listener);
    startPolling();
    return ipc;
  },
  removeListener(wire: string, listener: WireListener) {
    listeners.get(wire)?.delete(listener);
    return ipc;
  },
};
const api = createPreloadApi(ipc as unknown as PreloadIpc);

Object.defineProperty(window, '__airlockHarness', { value: Object.freeze(callbacks) });
Object.defineProperty(window, AIRLOCK_API_KEY, { value: Object.freeze(api), enumerable: true });
