import { createHash } from 'node:crypto';
import { hasId } from './config-edit.ts';
import type { McpClient } from './clients/mcp-client.ts';

/** Airlock's part of one client's config as it is now. */
export interface AirlockEntry {
  /** Whether the client's server list names Airlock. */
  readonly present: boolean;
  /**
   * SHA-256 of Airlock's parts (the server entry, and VS Code's key input), as canonical
   * JSON: a client that re-indents its file or reorders keys has not changed them. A
   * digest, not the entry, so that the key an entry holds is never copied elsewhere.
   */
  readonly fingerprint: string;
}

/** Finds Airlock's parts in a parsed config: exactly the places a removal would clear. */
export function airlockEntryOf(client: McpClient, config: Record<string, unknown>): AirlockEntry {
  const parts = client.removeEdits().map((edit) => {
    const container = Object.hasOwn(config, edit.container) ? config[edit.container] : undefined;
    if (edit.kind === 'member') {
      return isObject(container) && Object.hasOwn(container, edit.name)
        ? container[edit.name]
        : undefined;
    }
    return Array.isArray(container) ? container.find((item) => hasId(item, edit.id)) : undefined;
  });
  const server = client.removeEdits().findIndex((edit) => edit.kind === 'member');
  return {
    present: parts[server] !== undefined,
    fingerprint: createHash('sha256')
      .update(canonicalJson(parts.map((part) => part ?? null)))
      .digest('hex'),
  };
}

/** JSON with every object's keys sorted, so that equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
