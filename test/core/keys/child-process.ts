// Runs a snippet in another Node process, importing Airlock's keys modules from source,
// to act like a second Airlock command working on the same data dir.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const KEYS_DIR = new URL('../../../main/core/keys/', import.meta.url).href;
const HELPERS_DIR = new URL('../../helpers/', import.meta.url).href;

/** `body` runs as an async module with `input` (JSON) and the keys modules in scope. */
export async function inAnotherProcess(body: string, input: unknown): Promise<string> {
  const source = `
    const { writeKeyRecords, readKeyRecords } = await import(${JSON.stringify(`${KEYS_DIR}key-metadata.ts`)});
    const { KeychainKeyStore } = await import(${JSON.stringify(`${KEYS_DIR}keychain-key-store.ts`)});
    const { MemoryKeychain } = await import(${JSON.stringify(`${HELPERS_DIR}memory-keychain.ts`)});
    const input = JSON.parse(process.argv[1]);
    ${body}
  `;
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '--eval', source, JSON.stringify(input)],
    { timeout: 30_000 },
  );
  return stdout;
}
