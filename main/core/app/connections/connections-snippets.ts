import { claudeMcpAddCommand } from '../../connect/clients/claude-code.ts';
import type { AirlockEndpoints, McpClient } from '../../connect/clients/mcp-client.ts';
import { applyEditToValue } from '../../connect/config-edit.ts';
import { genericSnippets } from '../../connect/snippet.ts';
import { AppError } from '../ipc/app-error.ts';
import { bridgeEntry, httpUrl, type AirlockPieces } from './connections-endpoints.ts';
import type { Snippet } from '../../../../preload/contract/connection-views.ts';

const KEY_PLACEHOLDER = 'Bearer <your Airlock key>';

/** What is there to build snippets from: each part undefined when it cannot be used now. */
export interface SnippetSources {
  readonly bridge: AirlockEndpoints['stdio'] | undefined;
  readonly url: string | undefined;
}

/**
 * The parts snippets are built from now, and why any is missing (no Node.js, no fixed
 * port), in plain words.
 */
export async function snippetSources(
  pieces: AirlockPieces,
  dataDir: string,
  httpPort: number,
  clientName?: string,
): Promise<{ sources: SnippetSources; notes: string[] }> {
  const notes: string[] = [];
  const usable = async <T>(work: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notes.push(error.message);
      return undefined;
    }
  };
  const sources = {
    bridge: await usable(() => bridgeEntry(pieces, dataDir, clientName)),
    url: await usable(() => httpUrl(httpPort)),
  };
  return { sources, notes };
}

/** The two generic entries, for an app Airlock has no recipe for. */
export function genericClientSnippets({ bridge, url }: SnippetSources): Snippet[] {
  const generic = genericSnippets({
    stdio: bridge ?? { command: '', args: [] },
    url: url ?? '',
  });
  const snippets: Snippet[] = [];
  if (bridge)
    snippets.push({
      kind: 'bridge',
      title: 'For apps that start a local server (a command with arguments)',
      text: generic.stdio,
    });
  if (url)
    snippets.push({
      kind: 'http',
      title: 'For apps that connect over HTTP, with a key from the Keys page',
      text: generic.http,
    });
  return snippets;
}

/**
 * Airlock's part of one app's settings file, to add by hand (the key left as a
 * placeholder), and for Claude Code the same as a `claude mcp add` command.
 */
export function clientSnippets(
  client: McpClient,
  configFile: string,
  { bridge, url }: SnippetSources,
): Snippet[] {
  const snippets: Snippet[] = [];
  const usable = client.transport === 'stdio' ? bridge !== undefined : url !== undefined;
  if (usable) {
    const value: Record<string, unknown> = {};
    const endpoints = { stdio: bridge ?? { command: '', args: [] }, url: url ?? '' };
    for (const edit of client.addEdits(endpoints, KEY_PLACEHOLDER)) applyEditToValue(value, edit);
    snippets.push({
      kind: client.transport === 'stdio' ? 'bridge' : 'http',
      title: `Airlock's part of ${client.name}'s settings file (${configFile})`,
      text: JSON.stringify(value, null, 2),
    });
  }
  if (client.id === 'claude-code' && url)
    snippets.push({
      kind: 'command',
      title: 'Or the same as one command, in a terminal',
      text: claudeMcpAddCommand(url),
    });
  return snippets;
}
