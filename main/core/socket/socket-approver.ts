import net from 'node:net';
import type { ApprovalAsk, ApprovalVerdict, Approver } from '../approvals/approval-ask.ts';
import {
  APPROVAL_PROTOCOL,
  approvalRequestLine,
  MAX_APPROVAL_REPLY_BYTES,
  parseApprovalReply,
} from '../approvals/approval-wire.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { readBridgeToken } from './bridge-token.ts';
import { socketEndpoint } from './socket-endpoint.ts';

export interface SocketApproverOptions {
  /** Where the app listens; by default the endpoint for the data dir on this system. */
  readonly endpoint?: string;
  /** A running app accepts at once; this only keeps a wedged endpoint from holding the call. */
  readonly connectTimeoutMs?: number;
  /**
   * How long an answer may take once connected. The app answers within its settings'
   * wait (at most 55 s); past this it is taken to be wedged.
   */
  readonly answerTimeoutMs?: number;
  /** Where it says why the app could not be asked. */
  readonly log?: DiagnosticsLog;
}

const CONNECT_TIMEOUT_MS = 2000;
const ANSWER_TIMEOUT_MS = 90_000;

const NO_APP: ApprovalVerdict = { granted: false, refusal: 'no_app' };
/** The agent's cancel, as the app's own approvals answer it: the request stays asked. */
const WAITING: ApprovalVerdict = { granted: false, refusal: 'waiting' };

/**
 * A standalone server's approver (`airlock serve --stdio` or `--http`): asks the Airlock app
 * running on the same data dir, over its local socket with the bridge token. No app to ask,
 * or no answer that makes sense, is `no_app`: nothing is ever granted but by the app.
 */
export class SocketApprover implements Approver {
  readonly #dataDir: string;
  readonly #endpoint: string;
  readonly #options: SocketApproverOptions;

  constructor(dataDir: string, options: SocketApproverOptions = {}) {
    this.#dataDir = dataDir;
    this.#endpoint = options.endpoint ?? socketEndpoint(dataDir);
    this.#options = options;
  }

  async ask(ask: ApprovalAsk, signal: AbortSignal): Promise<ApprovalVerdict> {
    if (signal.aborted) return WAITING;
    // Never written here: without a token, no app has ever run on this data dir.
    const token = await readBridgeToken(this.#dataDir).catch(() => undefined);
    if (token === undefined) return this.#noApp('there is no bridge token in the data folder');
    const request = approvalRequestLine(ask);
    if (request === undefined) return this.#noApp('the request is too long to send');
    const handshake = JSON.stringify({
      airlock: APPROVAL_PROTOCOL,
      token,
      client: ask.requester.client,
    });
    return this.#exchange(`${handshake}\n${request}`, signal);
  }

  #exchange(lines: string, signal: AbortSignal): Promise<ApprovalVerdict> {
    return new Promise((resolve) => {
      const socket = net.connect(this.#endpoint);
      let received = Buffer.alloc(0);
      let answerTimer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (verdict: ApprovalVerdict, problem?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(answerTimer);
        signal.removeEventListener('abort', onAbort);
        socket.off('data', onData);
        socket.destroy();
        if (problem)
          this.#options.log?.warn(`could not ask Airlock for the person's OK: ${problem}`);
        resolve(verdict);
      };
      const onAbort = () => finish(WAITING);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const newline = received.indexOf(0x0a);
        if (newline === -1) {
          if (received.length > MAX_APPROVAL_REPLY_BYTES) finish(NO_APP, 'its answer is too long');
          return;
        }
        const reply = parseApprovalReply(received.subarray(0, newline).toString('utf8'));
        if ('verdict' in reply) finish(reply.verdict);
        else finish(NO_APP, reply.error);
      };
      const connectTimeoutMs = this.#options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
      const connectTimer = setTimeout(
        () => finish(NO_APP, `no connection within ${connectTimeoutMs} ms`),
        connectTimeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        answerTimer = setTimeout(
          () => finish(NO_APP, 'it did not answer in time'),
          this.#options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
        );
        socket.write(lines);
      });
      socket.on('data', onData);
      // ENOENT or ECONNREFUSED: no app listens. Quietly so: that is the usual case.
      socket.on('error', (error: NodeJS.ErrnoException) =>
        finish(NO_APP, isNobodyThere(error) ? undefined : error.message),
      );
      socket.once('close', () => finish(NO_APP, 'it closed the connection without an answer'));
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
    });
  }

  #noApp(problem: string): ApprovalVerdict {
    this.#options.log?.debug(`could not ask Airlock for the person's OK: ${problem}`);
    return NO_APP;
  }
}

function isNobodyThere(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
}
