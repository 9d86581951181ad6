import type { KeyScope } from './key-scope.ts';
import type { EnvKey } from './key-verifier.ts';

/**
 * The key in MCP_API_KEY, for headless use as in the seed tutorial. It reaches every
 * workspace the server shares, and may change files only when the server itself was
 * started with --allow-write: the environment never grants more than the command line.
 */
export function envKeyFrom(env: NodeJS.ProcessEnv, allowWrite: boolean): EnvKey | undefined {
  const secret = env.MCP_API_KEY;
  if (!secret) return undefined;
  const scope: KeyScope = { workspaces: 'all', access: allowWrite ? 'write' : 'read' };
  return { secret, scope };
}
