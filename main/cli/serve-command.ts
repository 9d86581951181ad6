import { buildCore } from './build-core.ts';
import { parseServeOptions } from './serve-options.ts';
import { serveOverSocket } from './serve-socket.ts';
import { serveOverStdio } from './serve-stdio.ts';

/** `airlock serve`: runs the MCP server on the chosen transport. */
export async function serveCommand(args: readonly string[], searchWorkerUrl: URL): Promise<void> {
  const options = parseServeOptions(args, process.env);
  const built = await buildCore(options, searchWorkerUrl);
  if (options.transport === 'stdio') return serveOverStdio(built);
  if (options.transport === 'socket') return serveOverSocket(built);
  // Loaded only for HTTP: the HTTP adapter touches fetch's globals as it loads, which makes
  // Node load undici, about 15 ms that a stdio start (every client's launch) need not pay.
  const { serveOverHttp } = await import('./serve-http.ts');
  return serveOverHttp(built, options);
}
