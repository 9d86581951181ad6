import { parseArgs } from 'node:util';
import type { FileAccessKind } from '../core/platform/file-access.ts';
import { UsageError } from './usage-error.ts';
import { namedWorkspaces } from './workspace-flags.ts';

export type ServeTransport = 'stdio' | 'http' | 'socket';

/** Every --host that is accepted, and the address it binds: one list for the check and its message. */
const LOOPBACK_HOSTS: Readonly<Record<string, string>> = {
  '127.0.0.1': '127.0.0.1',
  '::1': '::1',
  localhost: '127.0.0.1',
};

/** The accepted hosts in words: "127.0.0.1, ::1 or localhost". */
export const HOST_CHOICES = Object.keys(LOOPBACK_HOSTS)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');

export interface ServeOptions {
  readonly transport: ServeTransport;
  readonly workspaces: readonly string[];
  readonly allowWrite: boolean;
  /** Share a folder the window would warn about (the home folder, `/`) without refusing. */
  readonly allowRiskyFolder: boolean;
  readonly dataDir: string | undefined;
  readonly auditLog: string | undefined;
  /** The loopback address to bind (`localhost` is 127.0.0.1); undefined for the default. */
  readonly host: string | undefined;
  readonly port: number | undefined;
  /** How a request's small file operations run; see FileAccess. */
  readonly fileAccess: FileAccessKind;
}

/**
 * Parses `airlock serve ...`. The flags are a contract with the MCP clients' config files
 * that `airlock connect` writes, so a flag once written keeps its meaning.
 */
export function parseServeOptions(args: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        stdio: { type: 'boolean' },
        http: { type: 'boolean' },
        socket: { type: 'boolean' },
        workspace: { type: 'string', multiple: true },
        'allow-write': { type: 'boolean' },
        'allow-risky-folder': { type: 'boolean' },
        'data-dir': { type: 'string' },
        'audit-log': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const chosen = (['stdio', 'http', 'socket'] as const).filter((name) => values[name]);
  if (chosen.length !== 1)
    throw new UsageError('Choose exactly one transport: --stdio, --http or --socket.');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const host = values.host;
  if (host !== undefined && !Object.hasOwn(LOOPBACK_HOSTS, host)) {
    // Binding anywhere else would expose the person's folders to the network; there is no flag for it.
    throw new UsageError(
      `Airlock serves only this computer: --host must be ${HOST_CHOICES}, not "${host}".`,
    );
  }
  // An empty MCP_WORKSPACE counts as unset, as before; an empty --workspace is refused.
  const fromEnv = env.MCP_WORKSPACE ? [env.MCP_WORKSPACE] : [];
  const workspaces = values.workspace ? namedWorkspaces(values.workspace) : fromEnv;
  const transport = chosen[0] as ServeTransport;
  return {
    transport,
    workspaces,
    allowWrite: values['allow-write'] ?? false,
    allowRiskyFolder: values['allow-risky-folder'] ?? false,
    dataDir: values['data-dir'],
    auditLog: values['audit-log'],
    host: host === undefined ? undefined : LOOPBACK_HOSTS[host],
    port,
    fileAccess: fileAccessFor(transport, env.AIRLOCK_FILE_ACCESS),
  };
}

/**
 * A stdio server serves one client and nothing else, so its small file operations run
 * inline; a socket or HTTP server shares its event loop among clients and keeps them on
 * the thread pool. AIRLOCK_FILE_ACCESS=pooled|inline overrides this, for measuring.
 */
function fileAccessFor(transport: ServeTransport, override: string | undefined): FileAccessKind {
  if (override === undefined || override === '') return transport === 'stdio' ? 'inline' : 'pooled';
  if (override === 'pooled' || override === 'inline') return override;
  throw new UsageError(`AIRLOCK_FILE_ACCESS must be "pooled" or "inline", not "${override}".`);
}
