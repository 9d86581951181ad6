// Spawns one server over stdio and connects the v2 SDK client to it.
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ServerSpec } from './servers.ts';
import { timed } from './timing.ts';

export interface Session {
  spec: ServerSpec;
  client: Client;
  /** Milliseconds from spawn to `client.connect` resolving (initialize + initialized). */
  connectMs: number;
  /** Errors the transport or protocol reported (the SDK skips stdout lines that are not JSON). */
  protocolErrors(): string[];
  /** The last few KiB the server wrote to stderr, for error messages. */
  stderrTail(): string;
  close(): Promise<void>;
}

const STDERR_KEEP = 4096;

export async function openSession(spec: ServerSpec): Promise<Session> {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { ...getDefaultEnvironment(), ...spec.env },
    stderr: 'pipe',
  });
  // Always drain stderr, or a chatty server blocks once the pipe fills.
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  const client = new Client({ name: 'airlock-bench', version: '1.0.0' });
  const errors: string[] = [];
  client.onerror = (error) => {
    errors.push(error.message);
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await client.close();
  };
  try {
    const { ms } = await timed(() => client.connect(transport));
    return {
      spec,
      client,
      connectMs: ms,
      protocolErrors: () => [...errors],
      stderrTail: () => tail.trim(),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    const detail = tail.trim() ? `\n--- ${spec.label} stderr ---\n${tail.trim()}` : '';
    throw new Error(`${spec.label}: could not connect: ${String(error)}${detail}`, {
      cause: error,
    });
  }
}

/** Runs `work` with a connected session and always closes the server afterwards. */
export async function withSession<T>(
  spec: ServerSpec,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(spec);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
