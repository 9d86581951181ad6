/**
 * "Pause all access": the person's kill switch. While paused, every call on every
 * transport is refused with "paused in Airlock", and open connections are dropped.
 */
export type AccessListener = (paused: boolean) => void;

export class AccessSwitch {
  private pausedNow = false;
  private readonly listeners = new Set<AccessListener>();

  get paused(): boolean {
    return this.pausedNow;
  }

  pause(): void {
    this.set(true);
  }

  resume(): void {
    this.set(false);
  }

  /** Told of every change; transports drop their connections when it becomes paused. */
  onChange(listener: AccessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(paused: boolean): void {
    if (paused === this.pausedNow) return;
    this.pausedNow = paused;
    for (const listener of this.listeners) listener(paused);
  }
}
