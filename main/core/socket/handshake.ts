import { APPROVAL_PROTOCOL } from '../approvals/approval-wire.ts';
import { tokensMatch } from './bridge-token.ts';

/**
 * The bridge handshake: before any MCP traffic, the bridge sends ONE line,
 * `{"airlock":"bridge/1","token":"…","client":"<client name>"}\n`, and Airlock answers
 * `{"ok":true}\n` or `{"ok":false,"error":"…"}\n` (and then closes). After an ok the
 * connection speaks MCP's stdio framing: newline-delimited JSON-RPC.
 *
 * A standalone server asking the app for the person's OK shakes hands the same way, as
 * `approval/1`, and then speaks main/core/approvals/approval-wire.ts.
 */
export const BRIDGE_PROTOCOL = 'bridge/1';

/** What a connection that shook hands is for. */
export type HandshakeProtocol = typeof BRIDGE_PROTOCOL | typeof APPROVAL_PROTOCOL;

/** The handshake line may not be longer than this, newline excluded. */
export const MAX_HANDSHAKE_BYTES = 4096;

/** A connection that sends no handshake line within this time is closed. */
export const HANDSHAKE_TIMEOUT_MS = 5000;

/** Client names are shown in the app and written to the audit log: short and printable. */
const MAX_CLIENT_NAME = 128;

export type HandshakeVerdict =
  | { readonly ok: true; readonly client: string; readonly protocol: HandshakeProtocol }
  | {
      readonly ok: false;
      /** Short and fixed, for the audit record's `reason`. */
      readonly reason: string;
      /** What the bridge shows the person. */
      readonly message: string;
      readonly client: string;
    };

export const WRONG_TOKEN_MESSAGE =
  'Airlock refused the connection: the bridge token is wrong. Make sure the bridge and Airlock use the same data folder, then restart your AI app.';

/** Checks one handshake line against this install's token. */
export function checkHandshake(line: string, token: string): HandshakeVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  const fields: Record<string, unknown> = isRecord(parsed) ? parsed : {};
  // Not a handshake at all (plain MCP traffic, say): no "airlock" field to speak of.
  if (typeof fields.airlock !== 'string') {
    return refuse(
      'malformed handshake',
      'Airlock expected a bridge handshake first. Connect through airlock-bridge.',
      'unknown',
    );
  }
  const client = clientName(fields.client);
  const protocol = fields.airlock;
  if (protocol !== BRIDGE_PROTOCOL && protocol !== APPROVAL_PROTOCOL) {
    return refuse(
      'unsupported bridge protocol',
      `This bridge speaks a protocol Airlock does not (${BRIDGE_PROTOCOL} expected). Update Airlock and its extension to the same version.`,
      client,
    );
  }
  if (typeof fields.token !== 'string' || fields.token === '') {
    return refuse('missing bridge token', WRONG_TOKEN_MESSAGE, client);
  }
  if (!tokensMatch(fields.token, token)) {
    return refuse('wrong bridge token', WRONG_TOKEN_MESSAGE, client);
  }
  return { ok: true, client, protocol };
}

/** The reply line for a verdict or any other refusal. */
export function handshakeReply(result: { ok: true } | { ok: false; message: string }): string {
  return `${JSON.stringify(result.ok ? { ok: true } : { ok: false, error: result.message })}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuse(reason: string, message: string, client: string): HandshakeVerdict {
  return { ok: false, reason, message, client };
}

function clientName(value: unknown): string {
  if (typeof value !== 'string') return 'unknown';
  // Control characters would let a client forge lines in logs and the app's list.
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return printable === '' ? 'unknown' : printable.slice(0, MAX_CLIENT_NAME);
}
