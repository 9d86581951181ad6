import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { BoundedStdioTransport } from '../core/server/bounded-stdio-transport.ts';
import { createAirlockServer } from '../core/server/create-airlock-server.ts';
import { recordOversizedRequest } from '../core/server/oversized-request.ts';
import type { BuiltCore } from './build-core.ts';
import { closeOnExit } from './close-on-exit.ts';

/** Serves one client over this process's stdin and stdout until the client leaves. */
export function serveOverStdio({ core }: BuiltCore): void {
  // A request too large to take is answered with an error; the SDK's own reader would
  // close the transport, and with it this process.
  const transport = new BoundedStdioTransport(process.stdin, process.stdout, {
    limits: core.limits,
    onOversized: (line, maxBytes) =>
      recordOversizedRequest(core, 'stdio', undefined, line, maxBytes),
  });
  const handle = serveStdio(() => createAirlockServer(core, { transport: 'stdio' }), {
    transport,
    onerror: (error) => core.log.warn(`stdio transport: ${error.message}`),
  });
  closeOnExit(core, () => handle.close());
}
