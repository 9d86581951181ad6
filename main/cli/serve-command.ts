import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createAirlockServer } from '../core/server/create-airlock-server.ts';
import { buildCore } from './build-core.ts';
import { parseServeOptions } from './serve-options.ts';
import { UsageError } from './usage-error.ts';

/** `airlock serve`: runs the MCP server on the chosen transport until the client leaves. */
export async function serveCommand(args: readonly string[], searchWorkerUrl: URL): Promise<void> {
  const options = parseServeOptions(args, process.env);
  if (options.transport !== 'stdio') {
    throw new UsageError(
      `--${options.transport} is not available in this version of Airlock yet; use --stdio.`,
    );
  }
  const core = await buildCore(options, searchWorkerUrl);
  const handle = serveStdio(() => createAirlockServer(core, { transport: 'stdio' }), {
    onerror: (error) => core.log.warn(`stdio transport: ${error.message}`),
  });
  const stop = () => {
    void handle.close().finally(() => {
      core.audit?.close();
      process.exit(0);
    });
  };
  // The writer's close is synchronous, so it can run as the process exits when stdin ends.
  process.once('exit', () => core.audit?.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
