import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

export interface SeedOptions {
  /** A word for the sandbox's name in the temp dir: alk-e2e-<name>-XXXXXX. */
  readonly name: string;
  /**
   * Folders made in the sandbox (paths relative to it) and shared, in this order, with
   * their access. With one or more, the window opens on its sections; with none, on the
   * first run.
   */
  readonly workspaces?: Readonly<Record<string, WorkspaceAccess>>;
  /** More folders made in the sandbox, not shared (relative to it). */
  readonly folders?: readonly string[];
  /** More settings for config.json; HTTP listens on any free port unless they say otherwise. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface SeededDataDir {
  /** The test's own folder in the temp dir, as a real path: remove() deletes it. */
  readonly sandbox: string;
  /** `<sandbox>/data`, made 0o700, with config.json in it. */
  readonly dataDir: string;
  readonly configFile: string;
  /** A path in the sandbox. */
  at(...parts: string[]): string;
  remove(): Promise<void>;
}

/** A sandbox with a data dir for the harness, the folders it names, and its settings. */
export async function seedDataDir(options: SeedOptions): Promise<SeededDataDir> {
  const sandbox = await realpath(await mkdtemp(path.join(tmpdir(), `alk-e2e-${options.name}-`)));
  const at = (...parts: string[]) => path.join(sandbox, ...parts);
  const dataDir = at('data');
  const configFile = path.join(dataDir, 'config.json');
  const shared = Object.entries(options.workspaces ?? {});
  await mkdir(dataDir, { mode: 0o700 });
  for (const folder of [...shared.map(([folder]) => folder), ...(options.folders ?? [])])
    await mkdir(at(folder), { recursive: true });
  const workspaces = shared.map(([folder, access]) => ({ path: at(folder), access }));
  await writeFile(
    configFile,
    JSON.stringify({
      http: { port: 0 },
      ...options.settings,
      ...(workspaces.length > 0 ? { workspaces } : {}),
    }),
  );
  return {
    sandbox,
    dataDir,
    configFile,
    at,
    remove: () => rm(sandbox, { recursive: true, force: true }),
  };
}
