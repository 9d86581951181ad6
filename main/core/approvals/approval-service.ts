import { randomBytes } from 'node:crypto';
import type {
  ApprovalDecision,
  ApprovalRequestView,
  ApprovalsView,
  StandingAllowView,
} from '../../../preload/contract/approval-views.ts';
import type { AuditEntry } from '../audit/audit-record.ts';
import { CodedError } from '../coded-error.ts';
import type { ApprovalAsk, ApprovalRefusal, ApprovalVerdict, Approver } from './approval-ask.ts';
import { MAX_PENDING_IN_ALL, MAX_PENDING_PER_CLIENT } from './approval-messages.ts';
import { approvalEntry, revokedEntry, type ApprovalRecordFacts } from './approval-record.ts';
import { sameRequester } from './same-requester.ts';

/** How long a call waits, and a request stays, in ms; read at each ask so a change applies at once. */
export interface ApprovalTiming {
  readonly waitMs: number;
  readonly pendingMs: number;
}

export interface ApprovalServiceOptions {
  readonly timing: () => ApprovalTiming;
  /** Writes one approval record; awaited before anyone is answered. */
  readonly record: (entry: AuditEntry) => Promise<void>;
  /** How long "Allow this app ... for 1 hour" lasts. */
  readonly standingMs?: number;
  readonly now?: () => number;
}

export type ApprovalErrorCode = 'not_waiting' | 'not_for_launch_points';

/** A decision the window asked for that cannot be made; its message is safe to show. */
export class ApprovalError extends CodedError<ApprovalErrorCode> {
  override readonly name = 'ApprovalError';
}

const HOUR_MS = 60 * 60 * 1000;

/** A call's waiting for the person; resolved by a decision, the wait's end or its cancel. */
type Waiter = (verdict: ApprovalVerdict) => void;

interface PendingRequest {
  readonly id: string;
  readonly ask: ApprovalAsk;
  readonly askedAt: number;
  readonly expiresAt: number;
  calls: number;
  readonly waiters: Set<Waiter>;
  readonly expiry: NodeJS.Timeout;
  /** Its `asked` record reaching the audit log; it is shown, and answered, only after. */
  recorded: Promise<void>;
  shown: boolean;
}

/** A request answered while no call waited on it: the next identical call takes the answer. */
interface Answered {
  readonly approvalId: string;
  readonly outcome: 'allowed' | 'denied' | 'expired';
  readonly until: number;
}

interface StandingAllow {
  readonly approvalId: string;
  /** The request it was given on: who, and which workspace. */
  readonly ask: ApprovalAsk;
  readonly grantedAt: number;
  readonly expiresAt: number;
  readonly timer: NodeJS.Timeout;
}

/** Answers kept for retries, at most this many (the oldest go first). */
const MAX_ANSWERED = 1000;

/**
 * The requests waiting for the person's OK, in the app: one per distinct call (identical
 * calls are merged), at most five per client, each kept for `pendingMinutes`. A call waits
 * `waitSeconds` for the answer; an answer given after that is kept, and the same call
 * retried takes it, once. Standing allows let one client change one workspace for an hour,
 * launch points excepted. Every request and decision is written to the audit log before
 * anyone is told.
 */
export class ApprovalService implements Approver {
  readonly #options: ApprovalServiceOptions;
  readonly #now: () => number;
  readonly #pending = new Map<string, PendingRequest>();
  readonly #byCall = new Map<string, PendingRequest>();
  readonly #answered = new Map<string, Answered>();
  readonly #standing = new Map<string, StandingAllow>();
  readonly #listeners = new Set<() => void>();
  #paused = false;
  #closed = false;

  constructor(options: ApprovalServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async ask(ask: ApprovalAsk, signal: AbortSignal): Promise<ApprovalVerdict> {
    if (this.#closed) return refused('no_app');
    if (this.#paused) return refused('paused');
    const answered = this.#takeAnswer(ask.callKey);
    if (answered) {
      return answered.outcome === 'allowed'
        ? { granted: true, approvalId: answered.approvalId, scope: 'once' }
        : refused(answered.outcome, answered.approvalId);
    }
    const standing = ask.launchPoint ? undefined : this.#standingFor(ask);
    if (standing) return { granted: true, approvalId: standing.approvalId, scope: 'hour' };
    const waiting = this.#byCall.get(ask.callKey);
    if (waiting) {
      waiting.calls += 1;
      await waiting.recorded;
      if (!this.#holds(waiting)) return this.ask(ask, signal);
      this.#changed();
      return this.#wait(waiting, signal);
    }
    const crowded =
      this.#pendingOf(ask).length >= MAX_PENDING_PER_CLIENT
        ? `too many requests from this app waiting (${MAX_PENDING_PER_CLIENT})`
        : this.#pending.size >= MAX_PENDING_IN_ALL
          ? `too many requests waiting (${MAX_PENDING_IN_ALL})`
          : undefined;
    if (crowded) {
      await this.#options.record(
        approvalEntry(ask, { approvalId: newApprovalId(), step: 'refused', reason: crowded }),
      );
      return refused('flood');
    }
    // Held at once, so an identical call that comes while it is recorded joins it, and the
    // client's count includes it; shown only once the record is on disk.
    const request = this.#open(ask);
    this.#pending.set(request.id, request);
    this.#byCall.set(ask.callKey, request);
    request.recorded = this.#options.record(
      approvalEntry(ask, { approvalId: request.id, step: 'asked' }),
    );
    try {
      await request.recorded;
    } catch (error) {
      this.#drop(request);
      throw error;
    }
    // Paused (and so denied) while its record was written: asked again, it is refused.
    if (!this.#holds(request)) return this.ask(ask, signal);
    request.shown = true;
    this.#changed();
    return this.#wait(request, signal);
  }

  /** The person's answer to one request. Throws `not_waiting` when it is no longer there. */
  async decide(id: string, decision: ApprovalDecision): Promise<void> {
    const request = this.#pending.get(id);
    if (!request?.shown) {
      throw new ApprovalError(
        'not_waiting',
        'This request is no longer waiting: it was answered, or it expired.',
      );
    }
    if (decision === 'allow-hour' && request.ask.launchPoint) {
      throw new ApprovalError(
        'not_for_launch_points',
        'A change to a file that runs programs is allowed one at a time, never for an hour.',
      );
    }
    const waitedMs = this.#now() - request.askedAt;
    if (decision === 'deny') {
      await this.#settle(request, 'denied', { waitedMs, reason: 'declined by the person' });
      return;
    }
    const scope = decision === 'allow-hour' ? 'hour' : 'once';
    await this.#settle(request, 'allowed', { waitedMs, scope });
    if (scope === 'hour') this.#grantStanding(request);
    this.#changed();
  }

  /** Ends a standing allow early. */
  async revoke(id: string): Promise<void> {
    const allow = this.#standing.get(id);
    if (!allow) {
      throw new ApprovalError('not_waiting', 'This permission has already ended.');
    }
    await this.#options.record(revokedEntry(allow, 'revoked by the person'));
    this.#endStanding(allow);
    this.#changed();
  }

  /**
   * "Pause all access": everything waiting is denied, answers not yet taken are dropped,
   * and nothing is asked until access resumes. The calls waiting are told at once, before
   * their records are written: the pause is the person's own recorded act, and the
   * connections close a moment later, so an answer left for after the records would never
   * reach the agent.
   */
  async pause(): Promise<void> {
    this.#paused = true;
    this.#answered.clear();
    const denied = [...this.#pending.values()];
    for (const request of denied) {
      this.#drop(request);
      for (const waiter of [...request.waiters]) waiter(refused('paused', request.id));
    }
    this.#changed();
    for (const request of denied) {
      // Its `asked` record first, so the log never says denied before asked.
      await request.recorded.catch(() => undefined);
      await this.#options.record(
        approvalEntry(request.ask, {
          approvalId: request.id,
          step: 'denied',
          calls: request.calls,
          waitedMs: this.#now() - request.askedAt,
          reason: 'access paused',
        }),
      );
    }
  }

  /**
   * The servers are about to restart: every call waiting is told it is still waiting, now,
   * so it is answered and recorded before its connection goes. The requests stay in the
   * window; the agent's retry, once the person answered, goes through as after a time-out.
   */
  release(): void {
    for (const request of this.#pending.values()) {
      for (const waiter of [...request.waiters]) waiter(refused('waiting', request.id));
    }
  }

  resume(): void {
    this.#paused = false;
  }

  view(): ApprovalsView {
    const pending: ApprovalRequestView[] = [...this.#pending.values()]
      .filter((request) => request.shown)
      .sort((a, b) => a.askedAt - b.askedAt)
      .map((request) => ({
        id: request.id,
        requester: request.ask.requester,
        workspace: request.ask.workspace,
        tool: request.ask.tool,
        action: request.ask.action,
        path: request.ask.path,
        ...(request.ask.destination ? { destination: request.ask.destination } : {}),
        launchPoint: request.ask.launchPoint,
        preview: request.ask.preview,
        undoable: request.ask.undoable,
        askedAt: request.askedAt,
        expiresAt: request.expiresAt,
        calls: request.calls,
      }));
    const standing: StandingAllowView[] = [...this.#standing.values()].map((allow) => ({
      id: allow.approvalId,
      requester: allow.ask.requester,
      workspace: allow.ask.workspace,
      grantedAt: allow.grantedAt,
      expiresAt: allow.expiresAt,
    }));
    return { pending, standing };
  }

  /** How many requests wait now: the tray says "1 change waiting for your OK". */
  get waitingCount(): number {
    let count = 0;
    for (const request of this.#pending.values()) if (request.shown) count += 1;
    return count;
  }

  /** Told whenever a request comes, merges, goes, or a standing allow starts or ends. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The app is quitting: calls still waiting are told no app can answer them. */
  close(): void {
    this.#closed = true;
    for (const request of this.#pending.values()) {
      this.#drop(request);
      for (const waiter of request.waiters) waiter(refused('no_app'));
    }
    for (const allow of this.#standing.values()) clearTimeout(allow.timer);
    this.#pending.clear();
    this.#byCall.clear();
    this.#standing.clear();
    this.#listeners.clear();
  }

  #open(ask: ApprovalAsk): PendingRequest {
    const now = this.#now();
    const { pendingMs } = this.#options.timing();
    const id = newApprovalId();
    const expiry = setTimeout(() => void this.#expire(id), pendingMs);
    expiry.unref();
    return {
      id,
      ask,
      askedAt: now,
      expiresAt: now + pendingMs,
      calls: 1,
      waiters: new Set(),
      expiry,
      recorded: Promise.resolve(),
      shown: false,
    };
  }

  #wait(request: PendingRequest, signal: AbortSignal): Promise<ApprovalVerdict> {
    const stillWaiting = refused('waiting', request.id);
    if (signal.aborted) return Promise.resolve(stillWaiting);
    return new Promise((resolve) => {
      const done: Waiter = (verdict) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        request.waiters.delete(done);
        resolve(verdict);
      };
      const onAbort = () => done(stillWaiting);
      const timer = setTimeout(() => done(stillWaiting), this.#options.timing().waitMs);
      signal.addEventListener('abort', onAbort, { once: true });
      request.waiters.add(done);
    });
  }

  /**
   * Records what became of a request, then takes it out of the window and tells the calls
   * waiting on it; with none waiting, the answer is kept for the call's retry.
   */
  async #settle(
    request: PendingRequest,
    outcome: Answered['outcome'],
    facts: Omit<ApprovalRecordFacts, 'approvalId' | 'step' | 'calls'>,
  ): Promise<void> {
    // Recorded first: should the record fail, the request stays, and the window says so.
    await this.#options.record(
      approvalEntry(request.ask, {
        approvalId: request.id,
        step: outcome,
        calls: request.calls,
        ...facts,
      }),
    );
    if (this.#pending.get(request.id) !== request) return;
    this.#drop(request);
    const verdict: ApprovalVerdict =
      outcome === 'allowed'
        ? { granted: true, approvalId: request.id, scope: facts.scope ?? 'once' }
        : refused(outcome, request.id);
    if (request.waiters.size > 0) {
      for (const waiter of [...request.waiters]) waiter(verdict);
    } else if (!this.#paused) {
      this.#keepAnswer(request.ask.callKey, {
        approvalId: request.id,
        outcome,
        until: this.#now() + this.#options.timing().pendingMs,
      });
    }
    this.#changed();
  }

  async #expire(id: string): Promise<void> {
    const request = this.#pending.get(id);
    if (!request) return;
    try {
      await this.#settle(request, 'expired', {
        waitedMs: this.#now() - request.askedAt,
        reason: 'not answered in time',
      });
    } catch {
      // The audit log could not take the record: the request leaves the window all the same,
      // and its retry is asked anew.
      this.#drop(request);
      this.#changed();
    }
  }

  #holds(request: PendingRequest): boolean {
    return this.#pending.get(request.id) === request;
  }

  #drop(request: PendingRequest): void {
    clearTimeout(request.expiry);
    if (this.#pending.get(request.id) === request) this.#pending.delete(request.id);
    if (this.#byCall.get(request.ask.callKey) === request) this.#byCall.delete(request.ask.callKey);
  }

  #keepAnswer(callKey: string, answer: Answered): void {
    this.#answered.delete(callKey);
    this.#answered.set(callKey, answer);
    if (this.#answered.size > MAX_ANSWERED) {
      const oldest = this.#answered.keys().next().value;
      if (oldest !== undefined) this.#answered.delete(oldest);
    }
  }

  #takeAnswer(callKey: string): Answered | undefined {
    const answer = this.#answered.get(callKey);
    if (!answer) return undefined;
    this.#answered.delete(callKey);
    return answer.until > this.#now() ? answer : undefined;
  }

  #pendingOf(ask: ApprovalAsk): PendingRequest[] {
    return [...this.#pending.values()].filter((request) =>
      sameRequester(request.ask.requester, ask.requester),
    );
  }

  #standingFor(ask: ApprovalAsk): StandingAllow | undefined {
    const now = this.#now();
    for (const allow of this.#standing.values()) {
      if (
        allow.expiresAt > now &&
        allow.ask.workspace === ask.workspace &&
        sameRequester(allow.ask.requester, ask.requester)
      ) {
        return allow;
      }
    }
    return undefined;
  }

  #grantStanding(request: PendingRequest): void {
    const grantedAt = this.#now();
    const standingMs = this.#options.standingMs ?? HOUR_MS;
    const timer = setTimeout(() => {
      const allow = this.#standing.get(request.id);
      if (allow) this.#endStanding(allow);
      this.#changed();
    }, standingMs);
    timer.unref();
    this.#standing.set(request.id, {
      approvalId: request.id,
      ask: request.ask,
      grantedAt,
      expiresAt: grantedAt + standingMs,
      timer,
    });
  }

  #endStanding(allow: StandingAllow): void {
    clearTimeout(allow.timer);
    this.#standing.delete(allow.approvalId);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

function refused(refusal: ApprovalRefusal, approvalId?: string): ApprovalVerdict {
  return { granted: false, refusal, ...(approvalId ? { approvalId } : {}) };
}

function newApprovalId(): string {
  return randomBytes(8).toString('hex');
}
