import { lstat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { SocketStartError } from './socket-start-error.ts';

export const ALREADY_RUNNING_MESSAGE =
  'Airlock is already running: another Airlock serves this data folder. Quit it first, or choose another folder with --data-dir.';

/**
 * macOS keeps at most 103 bytes of a Unix socket path (Linux 107); a longer one would be
 * cut short or refused with an obscure error, so it is refused here with a clear one.
 */
const MAX_SOCKET_PATH_BYTES = 103;

/** How long a probe waits for a connect; a live server accepts at once. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Makes the Unix socket path free to listen on. A socket file left by a crash answers no
 * connect, so it is removed. One that answers belongs to a running Airlock, so this start
 * is refused rather than stealing its clients. Anything that is not a socket is left alone.
 */
export async function claimSocketPath(socketPath: string): Promise<void> {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new SocketStartError(
      `The socket path ${socketPath} is too long for this system (${bytes} bytes, at most ${MAX_SOCKET_PATH_BYTES}). Choose a shorter data folder with --data-dir.`,
    );
  }
  let stats;
  try {
    stats = await lstat(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket()) {
    throw new SocketStartError(
      `${socketPath} exists and is not a socket, so Airlock will not replace it. Move it away and start Airlock again.`,
    );
  }
  if (await somethingAnswers(socketPath)) throw new SocketStartError(ALREADY_RUNNING_MESSAGE);
  await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Connects and hangs up at once; a running Airlock drops a connection that never shakes hands. */
function somethingAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.connect(socketPath);
    const settle = (answers: boolean | Error) => {
      clearTimeout(timer);
      probe.destroy();
      if (answers instanceof Error) reject(answers);
      else resolve(answers);
    };
    // A server too busy to accept within the timeout is still a server: do not steal its path.
    const timer = setTimeout(() => settle(true), PROBE_TIMEOUT_MS);
    probe.once('connect', () => settle(true));
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') return settle(false);
      settle(new SocketStartError(`Airlock could not check ${socketPath}: ${error.message}`));
    });
  });
}
