/**
 * A token bucket per key: `ratePerSecond` sustained, `burst` at once. Answers how long to
 * wait when a request must be refused, for the `Retry-After` header.
 */
export class RateLimiter {
  private readonly ratePerSecond: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(ratePerSecond: number, burst: number) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Takes one token; returns 0 when allowed, or the seconds to wait. */
  take(key: string, now: number = performance.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updated: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.updated) / 1000) * this.ratePerSecond,
    );
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}

/** How many requests each key has in flight, against a cap. */
export class ConcurrencyLimiter {
  private readonly max: number;
  private readonly inFlight = new Map<string, number>();

  constructor(max: number) {
    this.max = max;
  }

  /** Returns a release function, or undefined when the key is at its cap. */
  enter(key: string): (() => void) | undefined {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.max) return undefined;
    this.inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
  }
}
