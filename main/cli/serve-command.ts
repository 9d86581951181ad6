import { currentPlatform } from '../core/policy/platform.ts';
import { weakEnvKeyProblem } from '../core/keys/env-key.ts';
import { buildCore } from './build-core.ts';
import { CommandError } from './command-error.ts';
import { refuseRiskyFolders } from './risky-folders.ts';
import { parseServeOptions } from './serve-options.ts';
import { serveOverSocket } from './serve-socket.ts';
import { serveOverStdio } from './serve-stdio.ts';

/** `airlock serve`: runs the MCP server on the chosen transport. */
export async function serveCommand(args: readonly string[], searchWorkerUrl: URL): Promise<void> {
  const options = parseServeOptions(args, process.env);
  // Before anything is created or opened. Saved workspaces are not judged again: the window
  // asked the person when they were added, and recorded the risk they accepted.
  if (!options.allowRiskyFolder) await refuseRiskyFolders(currentPlatform(), options.workspaces);
  const weakKey = options.transport === 'http' ? weakEnvKeyProblem(process.env) : undefined;
  if (weakKey) throw new CommandError(weakKey);
  const built = await buildCore(options, searchWorkerUrl);
  if (options.transport === 'stdio') return serveOverStdio(built);
  if (options.transport === 'socket') return serveOverSocket(built);
  // Loaded only for HTTP: the HTTP adapter touches fetch's globals as it loads, which makes
  // Node load undici, about 15 ms that a stdio start (every client's launch) need not pay.
  const { serveOverHttp } = await import('./serve-http.ts');
  return serveOverHttp(built, options);
}
