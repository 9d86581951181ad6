import { buildCore } from './build-core.ts';
import { parseServeOptions } from './serve-options.ts';
import { serveOverHttp } from './serve-http.ts';
import { serveOverSocket } from './serve-socket.ts';
import { serveOverStdio } from './serve-stdio.ts';

/** `airlock serve`: runs the MCP server on the chosen transport. */
export async function serveCommand(args: readonly string[], searchWorkerUrl: URL): Promise<void> {
  const options = parseServeOptions(args, process.env);
  const built = await buildCore(options, searchWorkerUrl);
  if (options.transport === 'stdio') return serveOverStdio(built);
  if (options.transport === 'socket') return serveOverSocket(built);
  return serveOverHttp(built, options);
}
