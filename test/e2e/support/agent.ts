import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type HarnessProcess } from './harness-process.ts';

export interface AgentOptions {
  /** The app's name and version, as its MCP clientInfo gives them. */
  readonly name: string;
  readonly version: string;
  /** Folders the agent may change: its key is made for these. */
  readonly workspaces: readonly string[];
}

/** A tool's answer as the agent reads it. */
export interface ToolAnswer {
  /** Airlock refused the call, or the tool failed. */
  readonly refused: boolean;
  /** Its text blocks, joined by newlines. */
  readonly text: string;
}

/** A real agent connected to the harness's app, which changes files through Airlock's tools. */
export interface Agent {
  /** Calls a tool; fails the test when the tool refuses or fails. */
  call(tool: string, args: Record<string, unknown>): Promise<void>;
  /** Calls a tool that Airlock must refuse; fails the test when it does not. */
  callRefused(tool: string, args: Record<string, unknown>): Promise<void>;
  /**
   * Calls a tool and gives its answer, refused or not: for a call that waits on the person.
   * Rejects when the connection ends first, or after `timeoutMs` without an answer.
   */
  answer(
    tool: string,
    args: Record<string, unknown>,
    options?: { readonly timeoutMs?: number },
  ): Promise<ToolAnswer>;
  /**
   * Connects again, as an app does when its server went away (the servers restart when a
   * folder's settings change, and pausing all access ends every connection).
   */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

/** Longer than the longest wait for the person's OK the settings allow (55 seconds). */
const CALL_TIMEOUT_MS = 90_000;

const BRIDGE = path.join(ROOT, 'dist', 'bridge', 'airlock-bridge.js');

/** One connection of an agent to the app: its MCP client, and how it ends. */
interface Connection {
  readonly client: Client;
  close(): Promise<void>;
}

/**
 * Connects an agent the way an app does: over loopback HTTP, in a session of its own, with a
 * key made for it through the window's own Keys channel. Every change it makes goes through
 * the tools, so history and the activity log record it as they would any app's.
 */
export async function connectAgent(harness: HarnessProcess, options: AgentOptions): Promise<Agent> {
  const created = await harness.invoke('createKey', {
    name: options.name.replace(/[^A-Za-z0-9_-]/g, '-').toLowerCase(),
    workspaces: [...options.workspaces],
    access: 'write',
  });
  assert.ok(created.ok, `createKey answered ${JSON.stringify(created)}`);
  const secret = created.data.secret;
  return agentOn(async () => {
    // Asked each time: the app listens anew when its servers restart.
    const url = new URL(await harness.httpAddress());
    // The HTTP server takes a new key once it has read the key list again, a moment later.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const transport = new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${secret}` } },
      });
      const client = new Client({ name: options.name, version: options.version });
      try {
        await client.connect(transport);
        return {
          client,
          async close() {
            await transport.terminateSession().catch(() => undefined);
            await client.close();
          },
        };
      } catch (error) {
        await client.close().catch(() => undefined);
        if (Date.now() > deadline || !/valid Airlock key/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
}

/**
 * Connects an agent the way Claude Desktop does: it starts the built airlock-bridge over
 * stdio, which relays to the app's local socket in `dataDir` with the app's bridge token.
 * Airlock knows it by the name in its clientInfo, and it may use every shared folder.
 */
export function connectAgentThroughBridge(
  dataDir: string,
  options: Pick<AgentOptions, 'name' | 'version'>,
): Promise<Agent> {
  if (!existsSync(BRIDGE)) throw new Error(`${BRIDGE} does not exist: run \`npm run build\` first`);
  return agentOn(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BRIDGE, '--data-dir', dataDir],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: options.name, version: options.version });
    try {
      await client.connect(transport);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new Error(`${(error as Error).message}\nbridge stderr:\n${stderr}`, { cause: error });
    }
    return { client, close: () => client.close() };
  });
}

async function agentOn(connect: () => Promise<Connection>): Promise<Agent> {
  let connection = await connect();
  const answer: Agent['answer'] = async (tool, args, options) => {
    const result = await connection.client.callTool(
      { name: tool, arguments: args },
      { timeout: options?.timeoutMs ?? CALL_TIMEOUT_MS },
    );
    const text = result.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .filter(Boolean)
      .join('\n');
    return { refused: result.isError === true, text };
  };
  return {
    answer,
    async call(tool, args) {
      const result = await answer(tool, args);
      assert.ok(!result.refused, `${tool} failed: ${result.text}`);
    },
    async callRefused(tool, args) {
      const result = await answer(tool, args);
      assert.ok(result.refused, `${tool} was not refused: ${result.text}`);
    },
    async reconnect() {
      await connection.close().catch(() => undefined);
      connection = await connect();
    },
    close: () => connection.close(),
  };
}
