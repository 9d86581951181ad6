import type { ActivityAdded } from '../../../../preload/contract/activity-views.ts';

export type ActivityAddedListener = (added: ActivityAdded) => void;

/**
 * Tells listeners about new records at most once per `intervalMs`, adding up what came in
 * between: an agent making hundreds of calls a second sends the window a few events, not
 * hundreds. The first record after a quiet spell is told at once.
 */
export class BatchedNotifier {
  readonly #intervalMs: number;
  readonly #listeners = new Set<ActivityAddedListener>();
  #count = 0;
  #newestSeq = 0;
  #lastSent = -Infinity;
  #timer: NodeJS.Timeout | undefined;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  listen(listener: ActivityAddedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  add(count: number, newestSeq: number): void {
    if (count <= 0) return;
    this.#count += count;
    this.#newestSeq = Math.max(this.#newestSeq, newestSeq);
    if (this.#timer) return;
    const wait = this.#lastSent + this.#intervalMs - Date.now();
    if (wait <= 0) this.#send();
    else this.#timer = setTimeout(() => this.#send(), wait).unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }

  #send(): void {
    this.#timer = undefined;
    if (this.#count === 0) return;
    const added = { count: this.#count, newestSeq: this.#newestSeq };
    this.#count = 0;
    this.#lastSent = Date.now();
    for (const listener of this.#listeners) listener(added);
  }
}
