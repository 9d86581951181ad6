#!/usr/bin/env node
// airlock-bridge: relays an MCP client's stdio to the Airlock app's local socket.
//
//   airlock-bridge [--data-dir DIR] [--client NAME] [--launch APP_PATH]
//
// One file, Node built-ins only, no imports from the rest of Airlock: Claude Desktop runs
// it from an MCPB extension under its own bundled Node, which may be as old as Node 18.
// stdout carries JSON-RPC and nothing else; every diagnostic goes to stderr.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * What the client is told when no Airlock answers, however long we waited. It names the
 * headless server too, for a machine without the app, with the data dir the bridge looks in
 * when it was told one: the two must agree for the bridge to find the socket.
 */
export function notRunningMessage(dataDir: string | undefined): string {
  const quoted = dataDir && /\s/.test(dataDir) ? `'${dataDir}'` : dataDir;
  const serve = `airlock serve --socket --workspace DIR${quoted ? ` --data-dir ${quoted}` : ''}`;
  return `Airlock is not running. Open Airlock, or run "${serve}" to serve without the app.`;
}

/** The handshake protocol; the server's is in main/core/socket/handshake.ts. */
const BRIDGE_PROTOCOL = 'bridge/1';
const TOKEN_FILE = 'bridge-token';
const SOCKET_FILE = 'airlock.sock';
/** After --launch, how long the app gets to start listening. */
const LAUNCH_WAIT_MS = 10_000;
const RETRY_EVERY_MS = 250;
/** A running Airlock answers the handshake at once; this only catches a hung one. */
const REPLY_TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 4096;
/** JSON-RPC's "server error" code, used for every answer the bridge gives itself. */
const SERVER_ERROR = -32000;
const CLIENT_INFO_META_KEY = 'io.modelcontextprotocol/clientInfo';

// ---------------------------------------------------------------------------------------
// Where Airlock lives. Copies of main/core/config/data-dir.ts and
// main/core/socket/socket-endpoint.ts (the bridge may import nothing); a test keeps them equal.

/** --data-dir wins, then AIRLOCK_DATA_DIR, then the folder Electron's userData gives "Airlock". */
export function bridgeDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const chosen = flag ?? env.AIRLOCK_DATA_DIR ?? defaultDataDir(platform, env, home);
  return path.resolve(chosen);
}

function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Airlock');
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', 'Airlock');
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Airlock');
}

/** The Unix socket in the data dir, or on Windows the per-user, per-data-dir named pipe. */
export function bridgeEndpoint(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
  userName: string = currentUserName(),
): string {
  if (platform !== 'win32') return path.posix.join(dataDir, SOCKET_FILE);
  const identity = `${userName.toLowerCase()}\n${path.win32.resolve(dataDir).toLowerCase()}`;
  const id = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return `\\\\.\\pipe\\airlock-${id}`;
}

function currentUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? '';
  }
}

// ---------------------------------------------------------------------------------------
// The client's side: stdin, held back until Airlock is reached.

/**
 * Everything the client sent, kept until the bridge knows where it goes: to Airlock byte
 * for byte, or, when Airlock cannot be reached, line by line to the error answerer.
 */
class ClientInput {
  private readonly stream: NodeJS.ReadableStream;
  private chunks: Buffer[] = [];
  private endedNow = false;
  private wake: () => void = () => undefined;
  private readonly onData = (chunk: Buffer) => {
    this.chunks.push(chunk);
    this.wake();
  };
  private readonly onEnd = () => {
    this.endedNow = true;
    this.wake();
  };

  constructor(stream: NodeJS.ReadableStream) {
    this.stream = stream;
    stream.on('data', this.onData);
    stream.once('end', this.onEnd);
  }

  get ended(): boolean {
    return this.endedNow;
  }

  /** The first complete line the client sent; undefined when stdin ended first. */
  async firstLine(): Promise<string | undefined> {
    for (;;) {
      const buffered = Buffer.concat(this.chunks);
      const newline = buffered.indexOf(0x0a);
      if (newline !== -1) return buffered.subarray(0, newline).toString('utf8');
      if (this.endedNow) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops buffering and hands over what was held; the caller reads the stream from here. */
  release(): Buffer {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    const held = Buffer.concat(this.chunks);
    this.chunks = [];
    return held;
  }
}

/** The client's name for the handshake: --client, else its MCP clientInfo, else "unknown". */
export function clientNameFrom(firstLine: string | undefined): string {
  const message = parseJson(firstLine ?? '');
  const params = isObject(message) && isObject(message.params) ? message.params : undefined;
  const meta = params && isObject(params._meta) ? params._meta : undefined;
  const info = params?.clientInfo ?? meta?.[CLIENT_INFO_META_KEY];
  if (!isObject(info) || typeof info.name !== 'string') return 'unknown';
  return typeof info.version === 'string' ? `${info.name} ${info.version}` : info.name;
}

// ---------------------------------------------------------------------------------------
// Reaching Airlock.

type Connected = { readonly socket: net.Socket } | { readonly error: string };

function connectOnce(endpoint: string): Promise<Connected> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve({ socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ error: error.code ?? error.message });
    });
  });
}

/** Starts the app without tying it to us: it must outlive this bridge and never touch our stdio. */
function launchApp(appPath: string, dataDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child =
      process.platform === 'darwin' && /\.app\/?$/i.test(appPath)
        ? spawn('open', ['-a', appPath], { detached: true, stdio: 'ignore' })
        : spawn(appPath, [], {
            detached: true,
            stdio: 'ignore',
            env: { ...process.env, AIRLOCK_DATA_DIR: dataDir },
          });
    child.once('error', (error) => {
      warn(`could not launch ${appPath}: ${error.message}`);
      resolve(false);
    });
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

async function reachAirlock(
  endpoint: string,
  dataDir: string,
  launch: string | undefined,
): Promise<net.Socket | undefined> {
  const first = await connectOnce(endpoint);
  if ('socket' in first) return first.socket;
  warn(`no Airlock at ${endpoint} (${first.error})`);
  if (launch === undefined || !(await launchApp(launch, dataDir))) return undefined;
  const deadline = Date.now() + LAUNCH_WAIT_MS;
  while (Date.now() < deadline) {
    await sleep(RETRY_EVERY_MS);
    const next = await connectOnce(endpoint);
    if ('socket' in next) return next.socket;
  }
  warn(`Airlock did not start listening within ${LAUNCH_WAIT_MS / 1000} s of launching ${launch}`);
  return undefined;
}

type Reply = { readonly line: string; readonly rest: Buffer } | undefined;

/** Airlock's one-line answer to the handshake, and whatever followed it. */
function readReply(socket: net.Socket): Promise<Reply> {
  return new Promise((resolve) => {
    let held = Buffer.alloc(0);
    const finish = (reply: Reply) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve(reply);
    };
    const onData = (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      const newline = held.indexOf(0x0a);
      if (newline !== -1) {
        finish({
          line: held.subarray(0, newline).toString('utf8'),
          rest: held.subarray(newline + 1),
        });
      } else if (held.length > MAX_REPLY_BYTES) finish(undefined);
    };
    const onClose = () => finish(undefined);
    const timer = setTimeout(() => finish(undefined), REPLY_TIMEOUT_MS);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Sends the handshake; on acceptance, returns what Airlock sent after its reply line. */
async function shakeHands(socket: net.Socket, token: string, client: string) {
  socket.write(`${JSON.stringify({ airlock: BRIDGE_PROTOCOL, token, client })}\n`);
  const reply = await readReply(socket);
  const answer = parseJson(reply?.line ?? '');
  if (reply && isObject(answer) && answer.ok === true)
    return { accepted: true, rest: reply.rest } as const;
  const message =
    isObject(answer) && typeof answer.error === 'string'
      ? answer.error
      : 'Airlock did not accept the bridge. Restart Airlock, and update it and its extension to the same version.';
  return { accepted: false, message } as const;
}

function readToken(dataDir: string): string | undefined {
  try {
    return readFileSync(path.join(dataDir, TOKEN_FILE), 'utf8').trim();
  } catch (error) {
    warn(`could not read the bridge token: ${(error as Error).message}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// After the handshake: bytes both ways until either side ends.

function relay(socket: net.Socket, input: ClientInput, rest: Buffer): void {
  const exitAfterOutput = (code: number) => process.stdout.write('', () => process.exit(code));
  socket.on('error', (error) => {
    warn(`connection to Airlock failed: ${error.message}`);
    exitAfterOutput(1);
  });
  // Airlock hung up (the client's session ended, or the person paused access): a clean end.
  socket.once('close', () => exitAfterOutput(0));
  process.stdout.on('error', () => socket.destroy());
  if (rest.length > 0) process.stdout.write(rest);
  socket.pipe(process.stdout, { end: false });
  socket.resume();
  const held = input.release();
  if (held.length > 0) socket.write(held);
  if (input.ended) socket.end();
  else process.stdin.pipe(socket);
  // Once the client is done, Airlock ends the session and hangs up; if it does not, stop anyway.
  process.stdin.once('end', () => setTimeout(() => socket.destroy(), 5000).unref());
}

// ---------------------------------------------------------------------------------------
// When Airlock cannot be reached: answer every request with a clear JSON-RPC error.

function answerEveryRequest(input: ClientInput, message: string): void {
  // Split on bytes, not decoded text, so a character cut across two chunks stays whole.
  let pending = input.release();
  const answerLines = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    let newline;
    while ((newline = pending.indexOf(0x0a)) !== -1) {
      answerLine(pending.subarray(0, newline).toString('utf8'), message);
      pending = pending.subarray(newline + 1);
    }
  };
  const finish = () => {
    answerLine(pending.toString('utf8'), message);
    // Nothing was served: not a clean end.
    process.stdout.write('', () => process.exit(1));
  };
  answerLines(Buffer.alloc(0));
  if (input.ended) return finish();
  process.stdin.on('data', answerLines);
  process.stdin.once('end', finish);
}

function answerLine(line: string, message: string): void {
  const parsed = parseJson(line);
  // Notifications and responses get no answer; a batch gets one per request in it.
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    if (!isObject(item) || typeof item.method !== 'string' || !('id' in item)) continue;
    const error = { jsonrpc: '2.0', id: item.id, error: { code: SERVER_ERROR, message } };
    process.stdout.write(`${JSON.stringify(error)}\n`);
  }
}

// ---------------------------------------------------------------------------------------

function parseOptions(argv: string[]): {
  dataDir: string;
  /** The data dir when one was named (flag or AIRLOCK_DATA_DIR), not the default. */
  namedDataDir?: string;
  client?: string;
  launch?: string;
} {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      client: { type: 'string' },
      launch: { type: 'string' },
    },
  });
  const dataDir = bridgeDataDir(values['data-dir']);
  const named = values['data-dir'] ?? process.env.AIRLOCK_DATA_DIR;
  return {
    dataDir,
    ...(named ? { namedDataDir: dataDir } : {}),
    ...(values.client === undefined ? {} : { client: values.client }),
    ...(values.launch === undefined ? {} : { launch: values.launch }),
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    warn(
      `${(error as Error).message}\nusage: airlock-bridge [--data-dir DIR] [--client NAME] [--launch APP_PATH]`,
    );
    process.exit(2);
  }
  const input = new ClientInput(process.stdin);
  // MCP clients always speak first; its first message also names the client.
  const firstLine = await input.firstLine();
  if (firstLine === undefined) process.exit(0);
  const endpoint = bridgeEndpoint(options.dataDir);
  const socket = await reachAirlock(endpoint, options.dataDir, options.launch);
  if (!socket) return answerEveryRequest(input, notRunningMessage(options.namedDataDir));
  socket.on('error', (error) => warn(`connection to Airlock: ${error.message}`));
  const token = readToken(options.dataDir);
  if (token === undefined) {
    socket.destroy();
    return answerEveryRequest(
      input,
      `Airlock's bridge token is missing from ${options.dataDir}. Restart Airlock.`,
    );
  }
  const client = options.client ?? clientNameFrom(firstLine);
  const handshake = await shakeHands(socket, token, client);
  if (!handshake.accepted) {
    warn(`Airlock refused the connection: ${handshake.message}`);
    socket.destroy();
    return answerEveryRequest(input, handshake.message);
  }
  socket.removeAllListeners('error');
  relay(socket, input, handshake.rest);
}

function warn(message: string): void {
  process.stderr.write(`airlock-bridge: ${message}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when this file is the program being run, not a module a test imported. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && /^airlock-bridge(\.[cm]?[jt]s)?$/.test(path.basename(script));
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    warn(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  });
}
