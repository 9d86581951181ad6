// Airlock's local socket server, started in the test process on a sandbox with a real audit
// log and a kill switch the test controls, and raw connections to it: connect, shake hands,
// then talk MCP with the SDK v2 client or with raw JSON-RPC lines.
import { Client } from '@modelcontextprotocol/client';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Approver } from '../../../main/core/approvals/approval-ask.ts';
import { AuditLog } from '../../../main/core/audit/audit-log.ts';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../main/core/audit/audit-writer.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { DEFAULT_LIMITS } from '../../../main/core/policy/limits.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { currentPlatform } from '../../../main/core/policy/platform.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { AccessSwitch } from '../../../main/core/server/access-switch.ts';
import type { AirlockCore } from '../../../main/core/server/create-airlock-server.ts';
import { BRIDGE_TOKEN_FILE } from '../../../main/core/socket/bridge-token.ts';
import { AirlockSocketServer } from '../../../main/core/socket/socket-server.ts';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox.ts';
import { SocketClientTransport } from './socket-client-transport.ts';
import { capturedLog } from '../../helpers/captured-log.ts';

export const NOTE_NAME = 'note.txt';
export const NOTE_TEXT = 'read through the local socket\n';

export interface SocketAirlock {
  readonly server: AirlockSocketServer;
  readonly core: AirlockCore;
  readonly access: AccessSwitch;
  readonly sandbox: Sandbox;
  readonly endpoint: string;
  readonly token: string;
  readonly diagnostics: string[];
  /** Every record in the audit log so far. */
  auditRecords(): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

export interface SocketAirlockOptions {
  readonly handshakeTimeoutMs?: number;
  /** Runs on the fresh sandbox before the server starts (e.g. to plant a stale socket). */
  readonly prepare?: (sandbox: Sandbox) => Promise<void>;
  /** The app's approvals, asked by standalone servers over the socket. */
  readonly approver?: Approver;
}

export async function startSocketAirlock(
  options: SocketAirlockOptions = {},
): Promise<SocketAirlock> {
  const sandbox = await makeSandbox();
  await sandbox.file(sandbox.ws, NOTE_NAME, NOTE_TEXT);
  await options.prepare?.(sandbox);
  const platform = currentPlatform();
  const writer = AuditWriter.open(
    path.join(sandbox.dataDir, 'audit', 'audit.jsonl'),
    { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' },
    new Uint8Array(32).fill(5),
  );
  const audit = new AuditLog(writer);
  const diagnostics: string[] = [];
  const access = new AccessSwitch();
  const core: AirlockCore = {
    policy: new PathPolicy(
      platform,
      [await openWorkspace(platform, sandbox.ws, 'write')],
      defaultProtections(platform),
    ),
    limits: DEFAULT_LIMITS,
    journal: await ChangeJournal.open(sandbox.dataDir),
    log: capturedLog(diagnostics),
    searchWorkerUrl: new URL('../../../main/core/tools/search-content-worker.ts', import.meta.url),
    audit,
    access,
  };
  const server = new AirlockSocketServer({
    core,
    dataDir: sandbox.dataDir,
    ...(options.handshakeTimeoutMs ? { handshakeTimeoutMs: options.handshakeTimeoutMs } : {}),
    ...(options.approver ? { approver: options.approver } : {}),
  });
  let endpoint: string;
  try {
    ({ endpoint } = await server.listen());
  } catch (error) {
    audit.close();
    await sandbox.cleanup();
    throw error;
  }
  const token = (await readFile(path.join(sandbox.dataDir, BRIDGE_TOKEN_FILE), 'utf8')).trim();
  return {
    server,
    core,
    access,
    sandbox,
    endpoint,
    token,
    diagnostics,
    async auditRecords() {
      const text = await readFile(audit.file, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditRecord);
    },
    async close() {
      await server.close();
      audit.close();
      await sandbox.cleanup();
    },
  };
}

/** The handshake line the bridge sends. */
export function handshakeLine(token: string, client = 'socket-test'): string {
  return `${JSON.stringify({ airlock: 'bridge/1', token, client })}\n`;
}

/** A raw connection that collects everything Airlock sends until it closes. */
export interface RawConnection {
  readonly socket: net.Socket;
  /** Everything received so far. */
  received(): string;
  /** Waits for the next complete line (after those already taken). */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Resolves when Airlock closed the connection. */
  readonly closed: Promise<void>;
}

export async function connectRaw(endpoint: string): Promise<RawConnection> {
  const socket = net.connect(endpoint);
  await once(socket, 'connect');
  let text = '';
  let taken = 0;
  const waiters: (() => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => {
    for (const wake of waiters.splice(0)) wake();
  });
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  return {
    socket,
    received: () => text,
    closed,
    async nextLine(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const newline = text.indexOf('\n', taken);
        if (newline !== -1) {
          const line = text.slice(taken, newline);
          taken = newline + 1;
          return line;
        }
        if (isClosed) throw new Error(`connection closed; received: ${JSON.stringify(text)}`);
        if (Date.now() > deadline) throw new Error(`no line within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

/** Connects, shakes hands with `token`, and returns Airlock's parsed reply and the connection. */
export async function shakeHands(
  endpoint: string,
  token: string,
  client?: string,
): Promise<{ reply: { ok: boolean; error?: string }; connection: RawConnection }> {
  const connection = await connectRaw(endpoint);
  connection.socket.write(handshakeLine(token, client));
  const reply = JSON.parse(await connection.nextLine()) as { ok: boolean; error?: string };
  return { reply, connection };
}

/** The SDK v2 client, connected over a raw socket after a good handshake. */
export async function connectSdkClient(
  endpoint: string,
  token: string,
  client?: string,
): Promise<Client> {
  const socket = net.connect(endpoint);
  await once(socket, 'connect');
  socket.write(handshakeLine(token, client));
  const reply = await readOneLine(socket);
  if (JSON.parse(reply).ok !== true) throw new Error(`handshake refused: ${reply}`);
  const sdk = new Client({ name: 'airlock-socket-test', version: '0.0.0' });
  await sdk.connect(new SocketClientTransport(socket));
  return sdk;
}

/** Reads exactly one line and leaves the rest of the stream unread (paused). */
function readOneLine(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let held = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      const newline = held.indexOf(0x0a);
      if (newline === -1) return;
      socket.off('data', onData);
      socket.pause();
      const rest = held.subarray(newline + 1);
      if (rest.length > 0) socket.unshift(rest);
      resolve(held.subarray(0, newline).toString('utf8'));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed before the handshake reply')));
  });
}
