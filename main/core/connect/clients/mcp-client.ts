import { stat } from 'node:fs/promises';
import type { ClientEnvironment } from '../client-environment.ts';
import type { ConfigEdit } from '../config-edit.ts';
import type { ClientId } from '../../../../preload/contract/connection-views.ts';

/** The ids are the window's too, so the contract defines them; connect's code takes them here. */
export { CLIENT_IDS, type ClientId } from '../../../../preload/contract/connection-views.ts';

/** How Airlock is reached: the bridge for stdio clients, the loopback URL for HTTP ones. */
export interface AirlockEndpoints {
  /** Absolute node and bridge paths: GUI apps start with a minimal PATH. */
  readonly stdio: { readonly command: string; readonly args: readonly string[] };
  readonly url: string;
}

export interface ClientLocation {
  /** The config file Airlock edits. */
  readonly configFile: string;
  /** Whether the app seems installed: its config folder exists. */
  readonly detected: boolean;
}

/** One MCP client Airlock knows how to connect: where its config lives and what goes in it. */
export interface McpClient {
  readonly id: ClientId;
  readonly name: string;
  readonly transport: 'stdio' | 'http';
  /** False when the client keeps the key in its own secret storage (VS Code). */
  readonly keyInFile: boolean;
  locate(environment: ClientEnvironment): Promise<ClientLocation>;
  /** The edits that add our entry; `authorization` is "Bearer <key>" for HTTP clients. */
  addEdits(endpoints: AirlockEndpoints, authorization: string): ConfigEdit[];
  removeEdits(): ConfigEdit[];
  /** What the person must do for the client to see the change. */
  readonly restart: string;
}

/** The name of our entry in every client's server list. */
export const ENTRY_NAME = 'airlock';

export async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

/** A client whose config is one file in one folder, detected by that folder. */
export async function locateIn(dir: string, configFile: string): Promise<ClientLocation> {
  return { configFile, detected: await isDirectory(dir) };
}

export function removeServer(container: string): ConfigEdit {
  return { kind: 'member', container, name: ENTRY_NAME, value: undefined };
}
