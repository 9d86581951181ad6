import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import type { HarnessProcess } from './harness-process.ts';

export interface AgentOptions {
  /** The app's name and version, as its MCP clientInfo gives them. */
  readonly name: string;
  readonly version: string;
  /** Folders the agent may change: its key is made for these. */
  readonly workspaces: readonly string[];
}

/** A real agent connected to the harness's app, which changes files through Airlock's tools. */
export interface Agent {
  /** Calls a tool; fails the test when the tool refuses or fails. */
  call(tool: string, args: Record<string, unknown>): Promise<void>;
  /** Calls a tool that Airlock must refuse; fails the test when it does not. */
  callRefused(tool: string, args: Record<string, unknown>): Promise<void>;
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
  const url = new URL(await harness.httpAddress());
  // The HTTP server takes a new key once it has read the key list again, a moment later.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${created.data.secret}` } },
    });
    const client = new Client({ name: options.name, version: options.version });
    try {
      await client.connect(transport);
      return agentOn(client, transport);
    } catch (error) {
      await client.close().catch(() => undefined);
      if (Date.now() > deadline || !/valid Airlock key/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function agentOn(client: Client, transport: StreamableHTTPClientTransport): Agent {
  return {
    async call(tool, args) {
      const result = await client.callTool({ name: tool, arguments: args });
      assert.ok(!result.isError, `${tool} failed: ${JSON.stringify(result.content)}`);
    },
    async callRefused(tool, args) {
      const result = await client.callTool({ name: tool, arguments: args });
      assert.ok(result.isError, `${tool} was not refused: ${JSON.stringify(result.content)}`);
    },
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
