// A temporary workspace with one 2 KiB text file, a data dir whose settings file lifts the
// per-key limits for the bench, and a key in the shape `airlock keys create` prints.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FILE_BYTES = 2048;
export const FILE_NAME = 'small.txt';

/**
 * The settings the bench runs Airlock with. 50 clients share one key here, so the per-key
 * rate and concurrency limits are raised; the checks themselves still run on every call.
 */
export const BENCH_HTTP_SETTINGS = {
  ratePerSecond: 1_000_000,
  rateBurst: 1_000_000,
  maxConcurrentPerKey: 1_000,
} as const;

export interface HttpFixtures {
  readonly root: string;
  readonly workspace: string;
  readonly dataDir: string;
  readonly home: string;
  readonly key: string;
  readonly fileText: string;
  /** Lines of the audit log that record a tool call. */
  countToolCallRecords(): Promise<number>;
  cleanup(): Promise<void>;
}

export async function createHttpFixtures(): Promise<HttpFixtures> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-http-bench-')));
  const workspace = path.join(root, 'ws');
  const dataDir = path.join(root, 'data');
  const home = path.join(root, 'home');
  await Promise.all([workspace, dataDir, home].map((dir) => mkdir(dir, { recursive: true })));
  const line = 'A small text file that the HTTP benchmark reads again and again.\n';
  const fileText = line.repeat(Math.ceil(FILE_BYTES / line.length)).slice(0, FILE_BYTES);
  await writeFile(path.join(workspace, FILE_NAME), fileText);
  await writeFile(
    path.join(dataDir, 'config.json'),
    `${JSON.stringify({ http: BENCH_HTTP_SETTINGS }, null, 2)}\n`,
  );
  const auditDir = path.join(dataDir, 'audit');
  return {
    root,
    workspace,
    dataDir,
    home,
    key: `alk_${randomBytes(32).toString('base64url')}`,
    fileText,
    async countToolCallRecords() {
      let count = 0;
      for (const name of await readdir(auditDir)) {
        if (!name.endsWith('.jsonl')) continue;
        const text = await readFile(path.join(auditDir, name), 'utf8');
        for (const record of text.split('\n')) {
          if (record.includes('"event":"tool_call"')) count += 1;
        }
      }
      return count;
    },
    cleanup: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
