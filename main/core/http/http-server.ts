import { answeredBeforeClosing } from '../server/calls-in-flight.ts';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeStreamableHTTPServerTransport, toNodeHandler } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  isInitializeRequest,
  type AuthInfo,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import type { AuditEntry } from '../audit/audit-record.ts';
import { PAUSED_MESSAGE } from '../policy/policy-error.ts';
import { narrowToGrant } from '../policy/narrow-to-grant.ts';
import {
  createAirlockServer,
  newSessionId,
  type AirlockCore,
} from '../server/create-airlock-server.ts';
import { isLegacyEra } from './classify-era.ts';
import { identityFrom } from '../server/client-identity.ts';
import { RecentHttpClients, requestIdentities, type HttpClientView } from './http-clients.ts';
import { bearerToken, type BearerVerifier, type KeyGrant } from '../keys/key-grant.ts';
import { refuse, unauthorized } from './http-responses.ts';
import type { HttpSettings } from '../settings/http-settings.ts';
import { LegacySessions } from './legacy-sessions.ts';
import { isAllowedHostHeader, isAllowedOrigin } from './loopback.ts';
import { ConcurrencyLimiter, RateLimiter } from './rate-limiter.ts';
import { readJsonBody } from './read-body.ts';

export interface HttpServerOptions {
  readonly core: AirlockCore;
  readonly settings: HttpSettings;
  readonly verifier: BearerVerifier;
  /** Loopback address to bind: 127.0.0.1 or ::1. */
  readonly host: string;
  /** Told each time a key is used, so "last used" can be shown. */
  readonly onKeyUsed?: (name: string) => void;
  /** Told when a client connects or leaves, so the window can show who is connected. */
  readonly onClientsChange?: () => void;
}

const MCP_PATH = '/mcp';
const GRANT = 'airlock.grant';

/**
 * The loopback Streamable HTTP server. Every request passes, in order: path, Host,
 * Origin, method, bearer key, rate and concurrency limits, body size and batch size; only
 * then does it reach MCP. 2026-era requests are served statelessly, one server per
 * request; 2025-era clients get sessions bound to the key that opened them.
 */
export class AirlockHttpServer {
  private readonly options: HttpServerOptions;
  private readonly server: Server;
  private readonly sessions: LegacySessions;
  private readonly recentClients = new RecentHttpClients();
  private readonly rates: RateLimiter;
  private readonly concurrency: ConcurrencyLimiter;
  /** Requests without a valid key share one small bucket, so a flood cannot fill the audit log. */
  private readonly failures = new RateLimiter(20, 40);
  private suppressedFailures = 0;
  private readonly modern: McpHttpHandler;
  private readonly serveModern: ReturnType<typeof toNodeHandler>;
  private port = 0;
  private readonly stopWatchingAccess: () => void;
  /**
   * A 2026-era client keeps no session: each request gets a server of its own. Its changes
   * are recorded under its key in this server's run instead, so undo_change still reaches
   * the changes it made since this server started.
   */
  private readonly keySessionPrefix = newSessionId('http');

  constructor(options: HttpServerOptions) {
    this.options = options;
    const { settings } = options;
    this.sessions = new LegacySessions(settings.sessionIdleMs, () => options.onClientsChange?.());
    this.rates = new RateLimiter(settings.ratePerSecond, settings.rateBurst);
    this.concurrency = new ConcurrencyLimiter(settings.maxConcurrentPerKey);
    this.modern = createMcpHandler((ctx) => this.serverFor(grantOf(ctx.authInfo), 'per key'), {
      legacy: 'reject',
      maxRequestBodySize: settings.maxBodyBytes,
      onerror: (error) => options.core.log.warn(`http: ${error.message}`),
    });
    this.serveModern = toNodeHandler(this.modern, { maxRequestBodySize: settings.maxBodyBytes });
    this.server = createServer(
      {
        headersTimeout: settings.headersTimeoutMs,
        requestTimeout: settings.requestTimeoutMs,
        maxHeaderSize: 16 * 1024,
        // Node checks the two timeouts only this often (30 s by default): a slow client
        // must not hold its connection for long past them.
        connectionsCheckingInterval: 500,
      },
      (req, res) => {
        this.handle(req, res).catch((error: unknown) => {
          options.core.log.error(
            `http request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
          refuse(res, 500, 'Airlock could not handle this request.');
        });
      },
    );
    // Pausing all access drops every open session at once.
    this.stopWatchingAccess =
      options.core.access?.onChange((paused) => {
        if (!paused) return;
        // As the socket does: calls under way are answered and recorded first, briefly.
        void answeredBeforeClosing(options.core.callsInFlight).then(() => {
          void this.sessions.closeEvery();
          this.recentClients.forget();
          options.onClientsChange?.();
        });
      }) ?? (() => undefined);
    // Idle keep-alive sockets are closed quickly: a client cannot sit on connections.
    this.server.keepAliveTimeout = 5000;
  }

  async listen(): Promise<{ port: number; url: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.settings.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return { port: this.port, url: `http://${host}:${this.port}${MCP_PATH}` };
  }

  /** Ends every session a key opened; its next request is refused by the verifier. */
  revokeSessionsOf(keyName: string): Promise<number> {
    this.rates.forget(keyName);
    this.recentClients.forget(keyName);
    this.options.onClientsChange?.();
    return this.sessions.closeForKey(keyName);
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  /**
   * The clients connected now: every 2025-era session, with the clientInfo of its
   * initialize, and the 2026-era clients (which keep no session) seen in the last minutes.
   */
  connectedClients(): HttpClientView[] {
    const sessions = this.sessions.list().map((session) => ({
      identity: session.identity,
      keyName: session.keyName,
      since: session.openedAt,
    }));
    return [...sessions, ...this.recentClients.list()].sort((a, b) => a.since - b.since);
  }

  async close(): Promise<void> {
    this.stopWatchingAccess();
    await this.sessions.closeAll();
    await this.modern.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Host and Origin first, on every path: a rebinding page learns nothing, not even a 404.
    if (!isAllowedHostHeader(req.headers.host, this.port))
      return refuse(res, 403, 'This Host is not allowed.');
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin))
      return refuse(res, 403, 'This Origin is not allowed.');
    const path = (req.url ?? '').split('?')[0];
    if (path !== MCP_PATH) return refuse(res, 404, `Airlock serves MCP at ${MCP_PATH}.`);
    if (this.options.core.access?.paused)
      return refuse(res, 503, PAUSED_MESSAGE, { 'Retry-After': '60' });
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      return refuse(res, 405, 'Use POST, GET or DELETE.', { Allow: 'POST, GET, DELETE' });
    }
    const presented = bearerToken(req.headers.authorization);
    const grant = presented === undefined ? undefined : this.options.verifier.verify(presented);
    if (!grant) {
      const wait = this.failures.take('unauthenticated');
      if (wait > 0) {
        this.suppressedFailures += 1;
        return refuse(res, 429, 'Too many requests without a valid key.', {
          'Retry-After': String(wait),
        });
      }
      await this.recordAuthFailure(
        req,
        presented === undefined ? 'no key presented' : 'wrong, revoked or malformed key',
      );
      return unauthorized(res);
    }
    const wait = this.rates.take(grant.name);
    if (wait > 0)
      return refuse(res, 429, 'Too many requests. Slow down.', { 'Retry-After': String(wait) });
    const release = this.concurrency.enter(grant.name);
    if (!release)
      return refuse(res, 429, 'Too many requests at once for this key.', { 'Retry-After': '1' });
    res.once('close', release);
    this.options.onKeyUsed?.(grant.name);

    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJsonBody(req, this.options.settings.maxBodyBytes);
      if (!read.ok) return refuse(res, read.status, read.message);
      body = read.body;
      if (Array.isArray(body) && body.length > this.options.settings.maxBatchMessages) {
        return refuse(
          res,
          400,
          `A batch may hold at most ${this.options.settings.maxBatchMessages} messages.`,
        );
      }
    }
    const authed = Object.assign(req, { auth: authInfoFor(grant) });
    if (await isLegacyEra(req, body)) return this.serveLegacy(authed, res, body, grant);
    this.noteModernClient(grant, body);
    return this.serveModern(authed, res, body);
  }

  private async serveLegacy(
    req: IncomingMessage & { auth: AuthInfo },
    res: ServerResponse,
    body: unknown,
    grant: KeyGrant,
  ): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.find(sessionId, grant.name);
      // Another key's session looks exactly like one that does not exist.
      if (!session) return refuse(res, 404, 'Session not found. Start a new session.');
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return refuse(res, 400, 'Start a session with an initialize request first.');
    }
    if (this.sessions.size >= this.options.settings.maxSessions) {
      return refuse(res, 503, 'Too many open sessions. Close one and try again.', {
        'Retry-After': '5',
      });
    }
    const server = this.serverFor(grant);
    const identity = identityFrom(body.params.clientInfo);
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomBytes(32).toString('base64url'),
      maxRequestBodySize: this.options.settings.maxBodyBytes,
      onsessioninitialized: (id) => {
        const now = Date.now();
        this.sessions.add({
          id,
          keyName: grant.name,
          transport,
          server,
          identity,
          openedAt: now,
          lastSeen: now,
        });
      },
      onsessionclosed: (id) => this.sessions.remove(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.remove(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** A 2026-era request: its sender counts as connected for the next few minutes. */
  private noteModernClient(grant: KeyGrant, body: unknown): void {
    const added = requestIdentities(body).map((identity) =>
      this.recentClients.seen(grant.name, identity),
    );
    if (added.includes(true)) this.options.onClientsChange?.();
  }

  /** A server for `grant`: a session of its own (2025-era), or one per key (2026-era). */
  private serverFor(grant: KeyGrant, session: 'own' | 'per key' = 'own') {
    const core = { ...this.options.core, policy: narrowToGrant(this.options.core.policy, grant) };
    const caller = { transport: 'http', keyName: grant.name } as const;
    if (session === 'own') return createAirlockServer(core, caller);
    return createAirlockServer(core, caller, `${this.keySessionPrefix}-key-${grant.name}`);
  }

  private async recordAuthFailure(req: IncomingMessage, reason: string): Promise<void> {
    const entry: AuditEntry = {
      event: 'auth_failure',
      transport: 'http',
      outcome: 'denied',
      reason,
      detail: {
        method: req.method ?? '',
        remote: req.socket.remoteAddress ?? '',
        // Failures refused by the flood limit since the last record: counted, not each written.
        ...(this.suppressedFailures > 0 ? { suppressedSinceLast: this.suppressedFailures } : {}),
      },
    };
    this.suppressedFailures = 0;
    await this.options.core.audit?.record(entry).catch((error: unknown) => {
      this.options.core.log.error(`could not record an authentication failure: ${String(error)}`);
    });
  }
}

function authInfoFor(grant: KeyGrant): AuthInfo {
  // The key itself never travels further than the verifier: handlers see only its grant.
  return {
    token: 'verified',
    clientId: grant.name,
    scopes: [grant.access],
    extra: { [GRANT]: grant },
  };
}

function grantOf(authInfo: AuthInfo | undefined): KeyGrant {
  const grant = authInfo?.extra?.[GRANT] as KeyGrant | undefined;
  if (!grant) throw new Error('An HTTP request reached MCP without a verified key.');
  return grant;
}
