import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createAirlockServer } from '../core/server/create-airlock-server.ts';
import type { BuiltCore } from './build-core.ts';
import { closeOnExit } from './close-on-exit.ts';

/** Serves one client over this process's stdin and stdout until the client leaves. */
export function serveOverStdio({ core }: BuiltCore): void {
  const handle = serveStdio(() => createAirlockServer(core, { transport: 'stdio' }), {
    onerror: (error) => core.log.warn(`stdio transport: ${error.message}`),
  });
  closeOnExit(core, () => handle.close());
}
