import type { KeyScope } from './key-scope.ts';
import type { EnvKey } from './key-verifier.ts';

/**
 * The shortest MCP_API_KEY accepted. Airlock's own keys carry 256 random bits; a short one
 * typed by hand ("test", "secret") could be guessed by any local program, or a web page.
 */
export const MIN_ENV_KEY_LENGTH = 32;

/** Why MCP_API_KEY cannot be used, in words for the person; undefined when it can (or is unset). */
export function weakEnvKeyProblem(env: NodeJS.ProcessEnv): string | undefined {
  const secret = env.MCP_API_KEY;
  if (!secret || secret.length >= MIN_ENV_KEY_LENGTH) return undefined;
  return `MCP_API_KEY is too weak: it has ${secret.length} characters, and Airlock needs at least ${MIN_ENV_KEY_LENGTH}. Make a strong key with "airlock keys create NAME", or set MCP_API_KEY to a long random one (for example the output of "openssl rand -hex 32").`;
}

/**
 * The key in MCP_API_KEY, for headless use as in the seed tutorial. It reaches every
 * workspace the server shares, and may change files only when the server itself was
 * started with --allow-write: the environment never grants more than the command line.
 * A key too weak to use is never accepted (the CLI refuses to start with it).
 */
export function envKeyFrom(env: NodeJS.ProcessEnv, allowWrite: boolean): EnvKey | undefined {
  const secret = env.MCP_API_KEY;
  if (!secret || weakEnvKeyProblem(env)) return undefined;
  const scope: KeyScope = { workspaces: 'all', access: allowWrite ? 'write' : 'read' };
  return { secret, scope };
}
