import { claudeCode } from './claude-code.ts';
import { claudeDesktop } from './claude-desktop.ts';
import { cursor } from './cursor.ts';
import type { ClientId, McpClient } from './mcp-client.ts';
import { vscode } from './vscode.ts';
import { windsurf } from './windsurf.ts';

export const CLIENTS: Readonly<Record<ClientId, McpClient>> = {
  'claude-desktop': claudeDesktop,
  cursor,
  vscode,
  windsurf,
  'claude-code': claudeCode,
};

export function isClientId(value: string): value is ClientId {
  return Object.hasOwn(CLIENTS, value);
}
