import { AirlockHttpServer } from '../core/http/http-server.ts';
import type { BuiltCore } from './build-core.ts';
import { closeOnExit } from './close-on-exit.ts';
import { loadHttpKeys, type HttpKeys } from '../core/keys/http-keys.ts';
import { openKeyStore } from '../core/keys/open-key-store.ts';
import { listenErrorMessage } from './listen-error.ts';
import type { ServeOptions } from './serve-options.ts';
import { CommandError } from './command-error.ts';

/** Serves MCP over loopback Streamable HTTP until stopped; every request needs a key. */
export async function serveOverHttp(
  { core, settings, dataDir }: BuiltCore,
  options: ServeOptions,
): Promise<void> {
  const keys = await loadHttpKeys({
    store: openKeyStore(dataDir, process.env),
    env: process.env,
    allowWrite: options.allowWrite,
    log: core.log,
  });
  try {
    await startServing(keys, { core, settings, dataDir }, options);
  } catch (error) {
    // The key watcher would keep a refused process alive.
    keys.close();
    throw error;
  }
}

async function startServing(
  keys: HttpKeys,
  { core, settings }: BuiltCore,
  options: ServeOptions,
): Promise<void> {
  if (!keys.hasKeys()) {
    throw new CommandError(
      'Airlock will not serve HTTP without a key. Create one with "airlock keys create NAME", or set MCP_API_KEY.',
    );
  }
  const port = options.port ?? settings.http.port;
  const host = options.host ?? '127.0.0.1';
  const server = new AirlockHttpServer({
    core,
    settings: { ...settings.http, port },
    verifier: keys.verifier,
    host,
    onKeyUsed: keys.recordUse,
  });
  try {
    const { url } = await server.listen();
    process.stderr.write(`airlock: listening on ${url}\n`);
  } catch (error) {
    const message = listenErrorMessage(error, host, port);
    if (message) throw new CommandError(message);
    throw error;
  }
  keys.onRevoked((name) => void server.revokeSessionsOf(name));
  closeOnExit(core, async () => {
    keys.close();
    await server.close();
  });
}
