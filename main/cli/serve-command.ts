import { buildCore } from './build-core.ts';
import { parseServeOptions } from './serve-options.ts';
import { serveOverHttp } from './serve-http.ts';
import { serveOverStdio } from './serve-stdio.ts';
import { UsageError } from './usage-error.ts';

/** `airlock serve`: runs the MCP server on the chosen transport. */
export async function serveCommand(args: readonly string[], searchWorkerUrl: URL): Promise<void> {
  const options = parseServeOptions(args, process.env);
  if (options.transport === 'socket') {
    throw new UsageError(
      '--socket is not available in this version of Airlock yet; use --stdio or --http.',
    );
  }
  const built = await buildCore(options, searchWorkerUrl);
  if (options.transport === 'stdio') return serveOverStdio(built);
  return serveOverHttp(built, options);
}
