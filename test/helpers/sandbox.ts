// Temporary directories for one test file: a workspace, a sibling that only shares its
// name prefix (ws_evil), an outside folder holding a secret, a data dir and a HOME.
// Everything lives under one realpath'd root that cleanup() removes.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Sandbox {
  /** Parent of everything below; itself outside every workspace. */
  readonly root: string;
  /** The first (writable when the server gets --allow-write) workspace. */
  readonly ws: string;
  /** A sibling whose name starts with the workspace's name: not inside it. */
  readonly wsEvil: string;
  /** A folder outside every workspace; holds secret.txt. */
  readonly outside: string;
  /** outside/secret.txt, whose content is `secret`. */
  readonly secretFile: string;
  /** A unique string that must never reach the client. */
  readonly secret: string;
  readonly dataDir: string;
  readonly home: string;
  /** Makes a further folder under root (e.g. a second workspace). */
  dir(name: string): Promise<string>;
  /** Writes a file below a folder, creating parents; returns its absolute path. */
  file(base: string, relative: string, content: string | Uint8Array): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-test-')));
  const secret = `TOP-SECRET-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const dir = async (name: string): Promise<string> => {
    const full = path.join(root, name);
    await mkdir(full, { recursive: true });
    return full;
  };
  const file = async (
    base: string,
    relative: string,
    content: string | Uint8Array,
  ): Promise<string> => {
    const full = path.join(base, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
    return full;
  };
  const ws = await dir('ws');
  const wsEvil = await dir('ws_evil');
  const outside = await dir('outside');
  const secretFile = await file(outside, 'secret.txt', `${secret}\n`);
  await file(wsEvil, 'secret.txt', `${secret}\n`);
  return {
    root,
    ws,
    wsEvil,
    outside,
    secretFile,
    secret,
    dataDir: await dir('data'),
    home: await dir('home'),
    dir,
    file,
    cleanup: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
