import type { ClientIdentity } from '../../server/client-identity.ts';

/** What the window calls a client that gave no name in MCP (2026-07-28 makes it optional). */
export const UNNAMED_CLIENT = 'An unnamed app';

export function clientName(identity: ClientIdentity | undefined): string {
  return identity?.name ?? UNNAMED_CLIENT;
}
