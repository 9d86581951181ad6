// The load the HTTP bench puts on a server, through two kinds of client on the stateless
// 2026-era path (one POST per call): the SDK v2 client, as a real agent would call, and a
// bare node:http keep-alive client that sends a prepared request, so that the client's own
// cost hides less of the server's.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  readonly label: string;
  readonly url: string;
  /** Sent as a bearer key when set. */
  readonly key?: string;
  readonly path: string;
  /** The text a correct answer carries. */
  readonly expected: string;
}

/** What happened to every call made against one target. */
export interface Tally {
  /** Calls made. */
  calls: number;
  /** Calls the server's tool answered (a result, even an error result, came back). */
  answered: number;
  /** Calls that failed or came back wrong: transport errors, HTTP errors, isError, wrong text. */
  errors: number;
  firstError?: string;
}

export function newTally(): Tally {
  return { calls: 0, answered: 0, errors: 0 };
}

function fail(tally: Tally, message: string): void {
  tally.errors += 1;
  tally.firstError ??= message.slice(0, 300);
}

/** One client: makes one call at a time and counts it. `call` never throws. */
export interface Caller {
  call(): Promise<void>;
  close(): Promise<void>;
}

export type ClientKind = 'sdk' | 'raw';

export async function sdkCaller(target: Target, tally: Tally, name: string): Promise<Caller> {
  const client = new Client(
    { name, version: '0.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const headers: Record<string, string> = target.key
    ? { Authorization: `Bearer ${target.key}` }
    : {};
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers } }),
  );
  return {
    async call() {
      tally.calls += 1;
      try {
        const result = await client.callTool(
          { name: 'read_text_file', arguments: { path: target.path } },
          { timeout: 30_000 },
        );
        tally.answered += 1;
        const block = result.content[0];
        const text = block && block.type === 'text' ? block.text : undefined;
        if (result.isError || text !== target.expected) {
          fail(tally, `wrong answer: ${String(text)}`);
        }
      } catch (error) {
        fail(tally, String(error));
      }
    },
    close: () => client.close().catch(() => undefined),
  };
}

/** A prepared 2026-era tools/call, its envelope in `_meta` and mirrored in the headers. */
function preparedCall(target: Target): { body: string; headers: Record<string, string> } {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'bench-raw', version: '0.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'read_text_file', arguments: { path: target.path }, _meta: meta },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'read_text_file',
      'content-length': String(Buffer.byteLength(body)),
      ...(target.key ? { authorization: `Bearer ${target.key}` } : {}),
    },
  };
}

/** A bare keep-alive HTTP client; `agent` pools its connection with the others'. */
export function rawCaller(target: Target, tally: Tally, agent: Agent): Caller {
  const url = new URL(target.url);
  const { body, headers } = preparedCall(target);
  const send = () =>
    new Promise<void>((resolve) => {
      tally.calls += 1;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              fail(tally, `HTTP ${res.statusCode}: ${text}`);
              return resolve();
            }
            try {
              const reply = JSON.parse(text) as {
                result?: { isError?: boolean; content?: Array<{ text?: string }> };
              };
              if (!reply.result) fail(tally, `no result: ${text}`);
              else {
                tally.answered += 1;
                if (reply.result.isError || reply.result.content?.[0]?.text !== target.expected) {
                  fail(tally, `wrong answer: ${text}`);
                }
              }
            } catch {
              fail(tally, `not JSON: ${text}`);
            }
            resolve();
          });
          res.on('error', (error) => {
            fail(tally, String(error));
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        fail(tally, String(error));
        resolve();
      });
      req.end(body);
    });
  return { call: send, close: () => Promise.resolve() };
}

/** `count` callers of one kind for a target; raw callers share a keep-alive pool. */
export async function callers(
  kind: ClientKind,
  target: Target,
  tally: Tally,
  count: number,
): Promise<{ callers: Caller[]; close: () => Promise<void> }> {
  if (kind === 'raw') {
    const agent = new Agent({ keepAlive: true, maxSockets: count });
    return {
      callers: Array.from({ length: count }, () => rawCaller(target, tally, agent)),
      close: async () => agent.destroy(),
    };
  }
  const made = await Promise.all(
    Array.from({ length: count }, (_, index) => sdkCaller(target, tally, `bench-${index}`)),
  );
  return {
    callers: made,
    close: async () => {
      await Promise.all(made.map((caller) => caller.close()));
    },
  };
}

/**
 * One client per target, calls one after another, the targets interleaved call by call so
 * that both see the same machine state. Returns each target's latencies in milliseconds.
 */
export async function measureSequential(
  single: readonly Caller[],
  warmup: number,
  timed: number,
): Promise<number[][]> {
  const samples = single.map(() => [] as number[]);
  for (let round = 0; round < warmup + timed; round += 1) {
    for (let index = 0; index < single.length; index += 1) {
      const started = performance.now();
      await single[index]?.call();
      if (round >= warmup) samples[index]?.push(performance.now() - started);
    }
  }
  return samples;
}

export interface Throughput {
  readonly calls: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** The callers in a closed loop for `seconds`; calls completed per second. */
export async function measureConcurrent(
  many: readonly Caller[],
  tally: Tally,
  seconds: number,
): Promise<Throughput> {
  // A short warm-up with every caller, so connections and JIT are ready.
  await Promise.all(many.map((caller) => caller.call()));
  const before = tally.calls;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  await Promise.all(
    many.map(async (caller) => {
      while (performance.now() < stopAt) await caller.call();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const calls = tally.calls - before;
  return { calls, seconds: elapsed, perSecond: calls / elapsed };
}
