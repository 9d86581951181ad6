import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** The file name of the Unix socket inside the data dir. */
export const SOCKET_FILE_NAME = 'airlock.sock';

/**
 * Where the local socket lives. On macOS and Linux it is a Unix socket inside the
 * user-only data dir, so the directory's permissions keep other users out (macOS ignores
 * a socket file's own mode). On Windows it is a named pipe, `\\.\pipe\airlock-<id>`.
 *
 * The pipe id is the first 32 hex digits of SHA-256 over the user name and the resolved
 * data dir, both lower-cased (Windows compares both without case). The user name keeps two
 * people on one machine apart; the data dir keeps two installs (or a test) of one person
 * apart. The bridge computes the same name from the same inputs: keep this function and
 * `bridgeEndpoint` in main/bridge/airlock-bridge.ts identical (a test compares them).
 */
export function socketEndpoint(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
  userName: string = currentUserName(),
): string {
  if (platform !== 'win32') return path.posix.join(dataDir, SOCKET_FILE_NAME);
  const identity = `${userName.toLowerCase()}\n${path.win32.resolve(dataDir).toLowerCase()}`;
  const id = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return `\\\\.\\pipe\\airlock-${id}`;
}

/** Whether the endpoint is a file on disk (a Unix socket) rather than a Windows pipe. */
export function isSocketFile(endpoint: string): boolean {
  return !endpoint.startsWith('\\\\.\\pipe\\');
}

function currentUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // userInfo() throws when the account has no passwd entry (some containers).
    return process.env.USERNAME ?? process.env.USER ?? '';
  }
}
