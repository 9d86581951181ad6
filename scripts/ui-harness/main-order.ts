// The order in which main's messages reach the page, kept as Electron keeps it. Electron sends
// a call's reply and main's events down one pipe, so the window sees them in the order main
// sent them. The harness bridge carries them on separate requests, which can overtake each
// other: a reply computed before a pause from the tray could land after that pause's event
// and show "Running." over it. So when main answers one of this page's calls, the harness
// puts a marker for that reply into the event stream, and here the page hands events and
// replies on in the stream's order: an event after a marker waits for that marker's reply.

/** One item of the harness's event stream, numbered in the order main sent them. */
export interface NumberedEvent {
  readonly seq: number;
  readonly event: string;
  readonly payload: unknown;
}

/** The stream item that stands for a reply: which page's call it answered. */
export const REPLY_MARKER = 'harness:reply';

export interface ReplyMarker {
  readonly page: string;
  readonly id: number;
}

export interface MainOrderDelivery<Reply> {
  event(item: NumberedEvent): void;
  reply(id: number, reply: Reply): void;
  /**
   * Runs `then` in a later task. Electron hands each message over in a task of its own, so
   * the code awaiting a reply runs before the next message; after a reply, so does this.
   */
  nextTask(then: () => void): void;
}

interface ArrivedReply<Reply> {
  readonly reply: Reply;
  /** Its marker's number in the stream; undefined when the bridge itself failed. */
  readonly atSeq: number | undefined;
}

export class MainOrder<Reply> {
  readonly #page: string;
  readonly #deliver: MainOrderDelivery<Reply>;
  readonly #stream: NumberedEvent[] = [];
  readonly #arrived = new Map<number, ArrivedReply<Reply>>();
  readonly #delivered = new Set<number>();
  #received = 0;
  /** A reply was just handed on: nothing more until its awaiting code has run. */
  #waiting = false;

  /** `page`: this page's own name, which its calls carry and its markers name. */
  constructor(page: string, deliver: MainOrderDelivery<Reply>) {
    this.#page = page;
    this.#deliver = deliver;
  }

  /** The number of the last stream item received: the long poll asks for what follows. */
  get received(): number {
    return this.#received;
  }

  /** Stream items from the long poll, in order; any already received are ignored. */
  events(batch: readonly NumberedEvent[]): void {
    for (const item of batch) {
      if (item.seq <= this.#received) continue;
      this.#stream.push(item);
      this.#received = item.seq;
    }
    this.#settle();
  }

  /**
   * A call's reply, with its marker's number in the stream. Without one (the bridge failed,
   * so no marker may ever come) it is handed on at once.
   */
  replied(id: number, reply: Reply, atSeq?: number): void {
    if (this.#delivered.has(id) || this.#arrived.has(id)) return;
    this.#arrived.set(id, { reply, atSeq });
    this.#settle();
  }

  #settle(): void {
    if (this.#waiting) return;
    // The stream in order; a marker whose reply is still on its way holds what follows it.
    while (this.#stream.length > 0) {
      const item = this.#stream[0] as NumberedEvent;
      const marker = this.#ownMarker(item);
      if (marker !== undefined && !this.#delivered.has(marker)) {
        if (!this.#arrived.has(marker)) return;
        this.#stream.shift();
        return this.#handOn(marker);
      }
      this.#stream.shift();
      if (item.event !== REPLY_MARKER) this.#deliver.event(item);
    }
    // A reply whose marker will not come: the bridge failed, or the harness no longer kept
    // the marker (it keeps the last 100 items) and the stream has moved past it.
    for (const [id, arrived] of this.#arrived) {
      if (arrived.atSeq === undefined || arrived.atSeq <= this.#received) return this.#handOn(id);
    }
  }

  /** Hands one reply on, then goes on in a later task. */
  #handOn(id: number): void {
    const arrived = this.#arrived.get(id) as ArrivedReply<Reply>;
    this.#arrived.delete(id);
    this.#delivered.add(id);
    this.#waiting = true;
    this.#deliver.reply(id, arrived.reply);
    this.#deliver.nextTask(() => {
      this.#waiting = false;
      this.#settle();
    });
  }

  #ownMarker(item: NumberedEvent): number | undefined {
    if (item.event !== REPLY_MARKER) return undefined;
    const marker = item.payload as Partial<ReplyMarker> | null;
    return marker?.page === this.#page && typeof marker.id === 'number' ? marker.id : undefined;
  }
}
