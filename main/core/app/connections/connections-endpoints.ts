import { stat } from 'node:fs/promises';
import { bridgeCommand } from '../../connect/bridge-launch.ts';
import { AppError } from '../ipc/app-error.ts';

/** Where the app's own pieces are, for the entries it writes. */
export interface AirlockPieces {
  /** dist/bridge/airlock-bridge.js, readable by other programs (outside app.asar). */
  readonly bridgeFile: string;
  /** An absolute Node.js executable to run the bridge with, or undefined when there is none. */
  readonly nodeExecutable: () => Promise<string | undefined>;
  /** dist/airlock.mcpb, the Claude Desktop extension, when the build made one. */
  readonly extensionFile: string | undefined;
}

/** The loopback URL HTTP clients are given; refused while the port is "any free port". */
export function httpUrl(port: number): string {
  if (port === 0) throw new AppError('invalid_settings', httpPortProblem());
  return `http://127.0.0.1:${port}/mcp`;
}

export function httpPortProblem(): string {
  return "Airlock's HTTP port is set to 0 (any free port), so an app cannot be told where to find Airlock. Choose a fixed port in Settings first.";
}

/** The stdio entry's command: absolute Node and bridge paths, told the client and the data dir. */
export async function bridgeEntry(
  pieces: AirlockPieces,
  dataDir: string,
  clientName?: string,
): Promise<{ command: string; args: string[] }> {
  const isFile = (await stat(pieces.bridgeFile).catch(() => undefined))?.isFile() ?? false;
  if (!isFile) {
    throw new AppError(
      'unavailable',
      `The Airlock bridge, which local apps start, is missing from this installation (${pieces.bridgeFile}). Reinstall Airlock.`,
    );
  }
  const node = await pieces.nodeExecutable();
  if (node === undefined) {
    throw new AppError(
      'unavailable',
      'Apps that start Airlock themselves run it with Node.js, which was not found on this computer. For Claude Desktop, install the Airlock extension instead; for other apps, install Node.js (nodejs.org) and try again.',
    );
  }
  return bridgeCommand({ node, bridge: pieces.bridgeFile }, dataDir, clientName);
}

/** The words of an AppError, or undefined when the call succeeds. */
export async function problemOf(check: () => unknown): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}
