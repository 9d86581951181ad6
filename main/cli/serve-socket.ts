import { AirlockSocketServer } from '../core/socket/socket-server.ts';
import { SocketStartError } from '../core/socket/socket-start-error.ts';
import type { BuiltCore } from './build-core.ts';
import { closeOnExit } from './close-on-exit.ts';
import { CommandError } from './command-error.ts';

/** Serves the local socket that `airlock-bridge` relays stdio clients to, until stopped. */
export async function serveOverSocket({ core, dataDir }: BuiltCore): Promise<void> {
  const server = new AirlockSocketServer({ core, dataDir });
  let endpoint: string;
  try {
    ({ endpoint } = await server.listen());
  } catch (error) {
    if (error instanceof SocketStartError) throw new CommandError(error.message);
    throw error;
  }
  process.stderr.write(`airlock: listening on ${endpoint}\n`);
  closeOnExit(core, () => server.close());
}
