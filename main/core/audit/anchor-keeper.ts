import type { AuditFiles } from './audit-files.ts';
import type { AuditEntry } from './audit-record.ts';
import { findRecordHash } from './find-record.ts';
import type { HeadAnchor, HeadAnchorStore } from './head-anchor.ts';
import { goneWords, seqWords } from './record-words.ts';

/**
 * How often the anchor follows the chain while records are written. A keychain write is a
 * round trip to another process, so not every record; what the last interval wrote is only
 * as safe as the head file beside it.
 */
export const ANCHOR_INTERVAL_MS = 2000;
/** A clean exit waits this long at most for the keychain: one that hangs must not hold the process. */
export const FINISH_LIMIT_MS = 5000;

export interface AnchorTimes {
  readonly intervalMs: number;
  readonly finishLimitMs: number;
}

/** What the keeper needs from the writer whose chain it anchors. */
export interface AnchoredChain {
  readonly files: AuditFiles;
  /** The chain's end as the writer knows it, forced to disk first: an anchor never names a record a power cut could take. */
  settledEnd(): HeadAnchor;
  /** Appends a record of what the stored anchor showed; false when that failed. */
  record(entry: AuditEntry): boolean;
}

/**
 * Keeps the keychain's head anchor at the chain's end: checked once against the files when
 * the writer opens (a log deleted or rewritten since is recorded in the chain before the
 * anchor moves on), then updated every interval while records come, and once more on close.
 * The keychain is asked in the background; appends never wait for it.
 */
export class AnchorKeeper {
  readonly #store: HeadAnchorStore;
  readonly #chain: AnchoredChain;
  readonly #timer: NodeJS.Timeout;
  readonly #finishLimitMs: number;
  /** Keychain work, one step at a time, never rejecting. */
  #work: Promise<void>;
  #tickQueued = false;
  /** What this keeper last wrote (or found already written). */
  #anchored: HeadAnchor | undefined;
  /** The chain's end when the writer opened: what it adds before the check is no evidence. */
  readonly #endAtOpen: number;
  /** Whether the stored anchor was compared with the files; until then it is not moved. */
  #checked = false;
  /** False when the stored anchor showed damage that could not be recorded: it is left as evidence. */
  #mayMove = true;
  /** Set once damage is recorded: the stored anchor, from the old chain, is replaced even when higher. */
  #replaceHigher = false;

  constructor(
    store: HeadAnchorStore,
    chain: AnchoredChain,
    times: AnchorTimes = { intervalMs: ANCHOR_INTERVAL_MS, finishLimitMs: FINISH_LIMIT_MS },
  ) {
    this.#store = store;
    this.#chain = chain;
    this.#finishLimitMs = times.finishLimitMs;
    this.#endAtOpen = chain.settledEnd().seq;
    this.#work = this.#ensureChecked().then(
      () => undefined,
      () => undefined,
    );
    this.#timer = setInterval(() => this.#tick(), times.intervalMs).unref();
  }

  /** Stops the updates and writes the last end; resolves once written, or once the keychain gave up. */
  finish(): Promise<void> {
    clearInterval(this.#timer);
    this.#work = this.#work.then(() => this.#update()).catch(() => undefined);
    let limit: NodeJS.Timeout | undefined;
    const givenUp = new Promise<void>((resolve) => {
      limit = setTimeout(resolve, this.#finishLimitMs).unref();
    });
    return Promise.race([this.#work, givenUp]).finally(() => clearTimeout(limit));
  }

  #tick(): void {
    if (this.#tickQueued) return;
    this.#tickQueued = true;
    this.#work = this.#work
      .then(() => {
        this.#tickQueued = false;
        return this.#update();
      })
      .catch(() => undefined);
  }

  async #update(): Promise<void> {
    if (!(await this.#ensureChecked())) return;
    const end = this.#chain.settledEnd();
    if (this.#anchored?.seq === end.seq && this.#anchored.hash === end.hash) return;
    if (!this.#replaceHigher) {
      // Several processes append to one chain: one that knows a later end has anchored it.
      const stored = await this.#store.read();
      if (stored && stored.seq > end.seq) {
        this.#anchored = end;
        return;
      }
    }
    await this.#store.write(end);
    this.#anchored = end;
    this.#replaceHigher = false;
  }

  /** Whether the anchor may move: checked first, and again at each update until a check has finished. */
  async #ensureChecked(): Promise<boolean> {
    if (!this.#checked) {
      await this.#checkStored();
      this.#checked = true;
    }
    return this.#mayMove;
  }

  /** The stored anchor must name a record the files still hold, with the same hash. */
  async #checkStored(): Promise<void> {
    const stored = await this.#store.read();
    // Anchored while empty: whatever the log holds now continues it.
    if (!stored || stored.seq === 0) return;
    if ((await findRecordHash(this.#chain.files, stored.seq)) === stored.hash) {
      this.#anchored ??= stored;
      return;
    }
    const damage = describeDamage(stored, this.#endAtOpen);
    if (this.#chain.record(damage)) this.#replaceHigher = true;
    else this.#mayMove = false;
  }
}

function describeDamage(stored: HeadAnchor, lastSeq: number): AuditEntry {
  const truncated = lastSeq < stored.seq;
  return {
    event: 'audit_recovery',
    outcome: 'error',
    reason: truncated
      ? `${lastSeq === 0 ? 'the log was emptied or deleted: ' : ''}${goneWords(lastSeq + 1, stored.seq)} (the keychain's anchor names record ${seqWords(stored.seq)})`
      : `record ${seqWords(stored.seq)} is not the one the keychain's anchor names: the log was rewritten`,
    detail: {
      kind: truncated ? 'anchor_truncated' : 'anchor_mismatch',
      anchorSeq: stored.seq,
      lastSeq,
    },
  };
}
