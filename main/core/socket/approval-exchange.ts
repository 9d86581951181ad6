import type { Socket } from 'node:net';
import type { Approver, ApprovalVerdict } from '../approvals/approval-ask.ts';
import {
  approvalReplyLine,
  MAX_APPROVAL_REQUEST_BYTES,
  parseApprovalRequest,
} from '../approvals/approval-wire.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { readHandshakeLine } from './read-handshake-line.ts';
import { hangUp } from './socket-connection.ts';

/** A standalone server's request for the person's OK, being answered. */
export interface ApprovalExchange {
  /** Ends the wait for the person (the server is closing): the request stays, and is answered as waiting. */
  abort(): void;
  /** Resolves once the answer is sent, or the connection is gone. */
  readonly done: Promise<void>;
}

export interface ApprovalExchangeOptions {
  /** The app's approvals; absent when this server is not the app (`airlock serve --socket`). */
  readonly approver: Approver | undefined;
  readonly log: DiagnosticsLog;
  /** How long the request line may take to arrive after the handshake. */
  readonly timeoutMs: number;
}

const NO_APP: ApprovalVerdict = { granted: false, refusal: 'no_app' };

/**
 * Reads the one request line that follows an `approval/1` handshake (`received` is what came
 * after the handshake line), asks the approver, answers one line and hangs up. The
 * standalone hanging up ends the wait early, as its agent's cancel would.
 */
export function answerApprovalRequest(
  socket: Socket,
  received: Buffer,
  options: ApprovalExchangeOptions,
): ApprovalExchange {
  const controller = new AbortController();
  const hungUp = () => controller.abort();
  socket.once('end', hungUp);
  socket.once('close', hungUp);
  const done = exchange(socket, received, options, controller.signal)
    .catch((error: unknown) => {
      options.log.error(`socket: an approval request failed: ${String(error)}`);
      socket.destroy();
    })
    .finally(() => {
      socket.off('end', hungUp);
      socket.off('close', hungUp);
    });
  return { abort: () => controller.abort(), done };
}

async function exchange(
  socket: Socket,
  received: Buffer,
  options: ApprovalExchangeOptions,
  signal: AbortSignal,
): Promise<void> {
  const { approver, log, timeoutMs } = options;
  const stopReading = () => socket.destroy();
  signal.addEventListener('abort', stopReading, { once: true });
  const request = await readHandshakeLine(socket, MAX_APPROVAL_REQUEST_BYTES, timeoutMs, received);
  signal.removeEventListener('abort', stopReading);
  if (request.kind === 'closed' || signal.aborted) return hangUp(socket);
  if (request.kind !== 'line') {
    const error =
      request.kind === 'too-long'
        ? `Airlock refused an approval request longer than ${MAX_APPROVAL_REQUEST_BYTES} bytes.`
        : `Airlock closed the connection: no approval request within ${Math.round(timeoutMs / 1000)} s.`;
    log.warn(`socket: ${error}`);
    return answer(socket, { error });
  }
  const parsed = parseApprovalRequest(request.line);
  if (!parsed.ok) {
    log.warn(`socket: ${parsed.error}`);
    return answer(socket, { error: parsed.error });
  }
  // Nothing more is expected; reading on is how a hang-up is noticed while the person decides.
  socket.on('data', () => undefined);
  socket.resume();
  if (!approver) return answer(socket, { verdict: NO_APP });
  try {
    answer(socket, { verdict: await approver.ask(parsed.ask, signal) });
  } catch (error) {
    log.error(`socket: could not ask the person about a change: ${String(error)}`);
    answer(socket, { error: 'Airlock could not ask the person about this change.' });
  }
}

function answer(socket: Socket, reply: Parameters<typeof approvalReplyLine>[0]): void {
  // A standalone that hung up is told nothing; its agent's call has already ended.
  if (socket.writable) socket.write(approvalReplyLine(reply));
  hangUp(socket);
}
