// The UI harness: a test fixture, not a product mode. It serves the
// built renderer on 127.0.0.1 under the app's own CSP, and answers the page's preload API
// with the real main-process IPC handlers and a real AirlockApp on a throwaway data dir.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createIpcHandlers } from '../../main/core/app/ipc/ipc-handlers.ts';
import { loadAuditKey } from '../../main/core/audit/audit-key.ts';
import { forwardIpcEvents } from '../../main/core/app/ipc/ipc-events.ts';
import { ClientWatch } from '../../main/core/app/connections/connections-watch.ts';
import { startAirlockApp, type AirlockApp } from '../../main/core/app/start-airlock-app.ts';
import type { ApprovalAsk } from '../../main/core/approvals/approval-ask.ts';
import { clientEnvironmentOf } from '../../main/core/connect/client-environment.ts';
import { createDiagnosticsLog } from '../../main/core/log/diagnostics.ts';
import { KeychainKeyStore } from '../../main/core/keys/keychain-key-store.ts';
import { SETTINGS_FILE_NAME } from '../../main/core/settings/read-settings.ts';
import { APP_HOST, APP_SCHEME } from '../../main/shell/app-scheme.ts';
import { SECURITY_HEADERS } from '../../main/shell/content-security-policy.ts';
import { createRendererHandler } from '../../main/shell/renderer-protocol.ts';
import { isInvokeChannel, type EventChannel } from '../../preload/ipc-channels.ts';
import { REPLY_MARKER, type ReplyMarker } from './main-order.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import { recordedDesktop } from './recorded-desktop.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The header a test sends to the harness's control endpoints. */
export const HARNESS_TOKEN_HEADER = 'x-airlock-harness-token';
const PRELOAD_TAG = '<script src="harness-preload.js"></script>';
const EVENT_WAIT_MS = 15_000;

export interface UiHarnessOptions {
  /** 0 (the default) for any free port. */
  readonly port?: number;
  /** Made in the temp dir, and removed on stop, when not given. */
  readonly dataDir?: string;
  /** What the "native" folder picker answers; undefined means the person cancels. */
  readonly pickFolder?: string;
  /** What the "native" save dialog answers; undefined means the person cancels. */
  readonly saveFile?: string;
  /** dist/renderer by default; run `npm run build` first. */
  readonly rendererDir?: string;
  /**
   * The person's home folder, as the app sees it: what the folder risk warnings compare
   * with, and where the Connections page looks for apps' settings (their home and app-data
   * folders, laid out as on `clientPlatform`): a fixture tree. Without it, the risk
   * warnings use the real home, and the Connections page `<dataDir>/client-home`, so the
   * harness never reads or writes the person's real apps.
   */
  readonly home?: string;
  readonly clientPlatform?: 'linux' | 'darwin' | 'win32';
  /**
   * Holds each reply this long after main answered (0 by default), so that events main sends
   * meanwhile reach the page first: the order the page must then restore (main-order.ts).
   */
  readonly replyDelayMs?: number;
}

export interface UiHarness {
  /** The page to open: the token is in the fragment, where harness-preload.js reads it. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly app: AirlockApp;
  stop(): Promise<void>;
}

/** One of main's events, or the marker of where main answered a page's call. */
interface QueuedEvent {
  readonly seq: number;
  readonly event: EventChannel | typeof REPLY_MARKER;
  readonly payload: unknown;
}

export async function startUiHarness(options: UiHarnessOptions = {}): Promise<UiHarness> {
  const rendererDir = path.resolve(options.rendererDir ?? path.join(ROOT, 'dist', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new Error(`${rendererDir}/index.html is missing: run \`npm run build\` first.`);
  const ownDataDir = options.dataDir === undefined;
  // Short: the socket transport's path lives in the data dir and must stay under ~100 bytes.
  const dataDir = options.dataDir
    ? path.resolve(options.dataDir)
    : await realpath(await mkdtemp(path.join(tmpdir(), 'alk-ui-')));
  // A fresh data dir listens on any free port, so harnesses and a real app can run together.
  if (!existsSync(path.join(dataDir, SETTINGS_FILE_NAME)))
    await writeFile(path.join(dataDir, SETTINGS_FILE_NAME), '{ "http": { "port": 0 } }\n');

  const preloadScript = await bundlePreload();
  const token = randomBytes(24).toString('base64url');
  let picked = options.pickFolder;
  let saveTo = options.saveFile;

  const log = createDiagnosticsLog({ file: path.join(dataDir, 'logs', 'diagnostics.log') });
  const keychain = new MemoryKeychain();
  const keyStore = new KeychainKeyStore({ dataDir, keychain });
  const app = await startAirlockApp({
    dataDir,
    log,
    searchWorkerUrl: new URL('main/core/tools/search-content-worker.ts', `file://${ROOT}/`),
    env: {},
    // Never the person's keychain: keys and the audit anchor live in memory for the run.
    // The Connections page reads the same store, to see whether an app's key is current.
    keyStore,
    auditKey: () => loadAuditKey({ service: 'Airlock', create: true }, keychain),
  });
  // Links opened, files shown, text copied: recorded for the test to read, never done.
  const desktop = recordedDesktop();
  const clientWatch = new ClientWatch();
  const handlers = createIpcHandlers({
    app,
    pickFolder: async () => picked,
    pickSaveFile: async () => saveTo,
    log,
    ...(options.home ? { homeDir: path.resolve(options.home) } : {}),
    connections: {
      environment: clientEnvironmentOf(
        options.clientPlatform ?? process.platform,
        path.resolve(options.home ?? path.join(dataDir, 'client-home')),
        {},
      ),
      pieces: {
        bridgeFile: path.join(ROOT, 'dist', 'bridge', 'airlock-bridge.js'),
        nodeExecutable: async () => process.execPath,
        extensionFile: path.join(ROOT, 'dist', 'airlock.mcpb'),
      },
      keyStore,
      watch: clientWatch,
    },
    desktop,
  });

  const events: QueuedEvent[] = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  const queue = (event: QueuedEvent['event'], payload: unknown): number => {
    events.push({ seq: ++seq, event, payload });
    if (events.length > 100) events.shift();
    for (const wake of waiters) wake();
    waiters.clear();
    return seq;
  };
  const unsubscribe = forwardIpcEvents({ app, clients: clientWatch }, queue);

  const serveFile = createRendererHandler(rendererDir);
  let host = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only this loopback address by name: a rebound DNS name never reaches the bridge.
    if (request.headers.host !== host) return send(response, 421, 'text/plain', 'Wrong host');
    const url = new URL(request.url ?? '/', `http://${host}`);
    const query = url.searchParams;
    switch (url.pathname) {
      case '/harness-preload.js':
        return send(response, 200, 'text/javascript', preloadScript);
      case '/__harness/axe.min.js':
        return send(
          response,
          200,
          'text/javascript',
          await readFile(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js')),
        );
      case '/__harness/invoke.js': {
        if (!sameToken(query.get('token'), token)) return send(response, 403, 'text/plain', '');
        const id = Number(query.get('id'));
        const channel = query.get('channel');
        const raw = query.get('request');
        if (!Number.isSafeInteger(id) || !isInvokeChannel(channel))
          return send(response, 400, 'text/plain', 'Bad call');
        let payload: unknown;
        try {
          payload = raw === null ? undefined : JSON.parse(raw);
        } catch {
          return send(response, 400, 'text/plain', 'Bad request JSON');
        }
        const envelope = await handlers[channel](payload);
        // Where the reply stands among main's events, so the page can keep main's order.
        const page = query.get('page');
        const marker: ReplyMarker | undefined = page ? { page: page.slice(0, 64), id } : undefined;
        const atSeq = marker ? queue(REPLY_MARKER, marker) : seq;
        if (options.replyDelayMs)
          await new Promise((wake) => setTimeout(wake, options.replyDelayMs));
        return send(response, 200, 'text/javascript', jsCall('reply', id, envelope, atSeq));
      }
      case '/__harness/events.js': {
        if (!sameToken(query.get('token'), token)) return send(response, 403, 'text/plain', '');
        const after = Number(query.get('after') ?? '0');
        const newer = () => events.filter((item) => item.seq > after);
        if (newer().length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, EVENT_WAIT_MS);
            function done() {
              clearTimeout(timer);
              waiters.delete(done);
              resolve();
            }
            waiters.add(done);
            response.on('close', done);
          });
        }
        if (response.destroyed) return;
        return send(response, 200, 'text/javascript', jsCall('events', newer()));
      }
      case '/__harness/pick-folder':
      case '/__harness/save-file': {
        if (!sameToken(header(request, HARNESS_TOKEN_HEADER), token))
          return send(response, 403, 'text/plain', '');
        if (request.method !== 'POST') return send(response, 405, 'text/plain', '');
        const body = JSON.parse(await readBody(request)) as { path?: unknown };
        if (body.path !== null && typeof body.path !== 'string')
          return send(response, 400, 'text/plain', 'path must be a string or null');
        const answer = body.path ?? undefined;
        if (url.pathname === '/__harness/pick-folder') picked = answer;
        else saveTo = answer;
        return send(response, 204, 'text/plain', '');
      }
      case '/__harness/desktop-calls': {
        if (!sameToken(header(request, HARNESS_TOKEN_HEADER), token))
          return send(response, 403, 'text/plain', '');
        return send(response, 200, 'application/json', JSON.stringify(desktop.calls));
      }
      case '/__harness/watched-files': {
        if (!sameToken(header(request, HARNESS_TOKEN_HEADER), token))
          return send(response, 403, 'text/plain', '');
        return send(response, 200, 'application/json', JSON.stringify(clientWatch.watchedFiles));
      }
      case '/__harness/ask-approval': {
        // A change asking the person's OK, as the change gate asks it; the answer is the
        // verdict the agent's call would get. Closing the request is the client's cancel.
        if (!sameToken(header(request, HARNESS_TOKEN_HEADER), token))
          return send(response, 403, 'text/plain', '');
        if (request.method !== 'POST') return send(response, 405, 'text/plain', '');
        const ask = JSON.parse(await readBody(request)) as ApprovalAsk;
        const cancel = new AbortController();
        response.on('close', () => cancel.abort());
        const verdict = await app.approvals.ask(ask, cancel.signal);
        return send(response, 200, 'application/json', JSON.stringify(verdict));
      }
      case '/__harness/status': {
        if (!sameToken(header(request, HARNESS_TOKEN_HEADER), token))
          return send(response, 403, 'text/plain', '');
        return send(response, 200, 'application/json', JSON.stringify(app.status()));
      }
    }
    // Everything else is the built renderer, through the shell's own app:// handler: the
    // same traversal checks, content types and security headers as in the app.
    const fileResponse = await serveFile(
      new Request(`${APP_SCHEME}://${APP_HOST}${url.pathname}`, { method: request.method }),
    );
    let body = Buffer.from(await fileResponse.arrayBuffer());
    const isPage =
      fileResponse.ok &&
      (url.pathname === '/' || url.pathname === '/index.html') &&
      request.method === 'GET';
    if (isPage) body = Buffer.from(injectPreload(body.toString('utf8')));
    const headers: Record<string, string> = {};
    fileResponse.headers.forEach((value, name) => (headers[name] = value));
    response.writeHead(fileResponse.status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;

  let stopping: Promise<void> | undefined;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    dataDir,
    app,
    stop() {
      stopping ??= (async () => {
        unsubscribe();
        clientWatch.stop();
        for (const wake of waiters) wake();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await app.stop();
        if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** Loads the page's preload stand-in before the renderer's own (deferred) script. */
export function injectPreload(html: string): string {
  const at = html.indexOf('<script');
  if (at === -1) throw new Error('The renderer page has no <script> to load the harness before.');
  return `${html.slice(0, at)}${PRELOAD_TAG}\n    ${html.slice(at)}`;
}

async function bundlePreload(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'scripts', 'ui-harness', 'harness-preload.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    target: 'chrome140',
    format: 'iife',
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no harness preload.');
  return output.text;
}

/** A call to the page's __airlockHarness; JSON is a JS expression (U+2028/9 escaped). */
function jsCall(method: 'reply' | 'events', ...args: unknown[]): string {
  const json = args.map((arg) =>
    JSON.stringify(arg)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
  return `window.__airlockHarness.${method}(${json.join(', ')});\n`;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('Body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
