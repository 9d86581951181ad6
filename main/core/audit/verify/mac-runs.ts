/** Consecutive records that all carry a keyed MAC, or all do not. */
export interface MacRun {
  readonly from: number;
  readonly to: number;
  readonly keyed: boolean;
}

/**
 * Which records carry a keyed MAC. A log can mix both for good reasons: it was begun before
 * the keychain was reachable, or a run without it came between keyed ones.
 */
export class MacRuns {
  readonly #runs: { from: number; to: number; keyed: boolean }[] = [];

  add(seq: number, keyed: boolean): void {
    const last = this.#runs.at(-1);
    if (last && last.keyed === keyed && last.to + 1 === seq) last.to = seq;
    else this.#runs.push({ from: seq, to: seq, keyed });
  }

  get runs(): readonly MacRun[] {
    return this.#runs.map((run) => ({ ...run }));
  }

  /** Whether any record so far carries a MAC. */
  get anyKeyed(): boolean {
    return this.#runs.some((run) => run.keyed);
  }
}

/** Unkeyed runs that come after a keyed one: the ones a run without the keychain, or a forger, adds. */
export function unkeyedAfterKeyed(runs: readonly MacRun[]): MacRun[] {
  const firstKeyed = runs.findIndex((run) => run.keyed);
  return firstKeyed === -1 ? [] : runs.slice(firstKeyed).filter((run) => !run.keyed);
}
