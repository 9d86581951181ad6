// A fresh data dir and an in-memory keychain per test.
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import { MemoryKeychain } from '../../helpers/memory-keychain.ts';

const made: string[] = [];

// Registered when a test file imports this module, so it runs once that file's tests are done.
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A fresh temp folder, removed when the test file ends. */
export async function tempDir(prefix = 'airlock-keys-'): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export async function storeWithMemoryKeychain(): Promise<{
  store: KeychainKeyStore;
  keychain: MemoryKeychain;
  dataDir: string;
}> {
  const dataDir = path.join(await tempDir(), 'data');
  const keychain = new MemoryKeychain();
  return { store: new KeychainKeyStore({ dataDir, keychain }), keychain, dataDir };
}

/** Every file below a folder with its content, to search for leaked secrets. */
export async function filesBelow(dir: string): Promise<Array<{ file: string; text: string }>> {
  const found: Array<{ file: string; text: string }> = [];
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return found;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    if ((await stat(file)).isFile()) found.push({ file, text: await readFile(file, 'latin1') });
  }
  return found;
}
