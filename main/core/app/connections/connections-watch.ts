import type { ClientId } from '../../connect/clients/mcp-client.ts';
import { watchConfigFiles, type WatchedFile } from '../../connect/watch-config-files.ts';
import type { ClientView } from '../../../../preload/contract/connection-views.ts';

/** What a watch needs from the Connections page: each app's settings file, and its view. */
export interface WatchedClients {
  configFiles(): Promise<{ id: ClientId; configFile: string }[]>;
  view(id: ClientId): Promise<ClientView>;
}

/**
 * Watches the apps' settings files while the Connections section is open, and hands the
 * fresh view of an app whose file changed to its listeners (the window, through the IPC
 * event `clientChanged`). One window, one watch: a new start replaces the last. The
 * section stops it when it closes; the shell stops it when the window hides or goes.
 */
export class ClientWatch {
  readonly #listeners = new Set<(view: ClientView) => void>();
  readonly #settleMs: number | undefined;
  #current: { readonly watcher: string; readonly stop: () => void } | undefined;
  #files: string[] = [];

  constructor(options: { settleMs?: number } = {}) {
    this.#settleMs = options.settleMs;
  }

  onChanged(listener: (view: ClientView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Starts watching for `watcher` (the section that asked). Resolves once the watch is
   * in place, so that a list read afterwards misses no change.
   */
  async start(
    watcher: string,
    clients: WatchedClients,
    onProblem: (problem: string) => void,
  ): Promise<void> {
    const files: WatchedFile[] = (await clients.configFiles()).map(({ id, configFile }) => ({
      name: id,
      file: configFile,
    }));
    this.stop();
    const current = {
      watcher,
      stop: watchConfigFiles(
        files,
        (id) => {
          clients.view(id as ClientId).then(
            (view) => {
              if (this.#current === current) for (const listener of this.#listeners) listener(view);
            },
            (error: unknown) =>
              onProblem(`could not read ${id}'s settings again: ${String(error)}`),
          );
        },
        {
          ...(this.#settleMs === undefined ? {} : { settleMs: this.#settleMs }),
          onProblem: (folder, error) => onProblem(`stopped watching ${folder}: ${error.message}`),
        },
      ),
    };
    this.#current = current;
    this.#files = [...new Set(files.map((file) => file.file))];
  }

  /**
   * Stops the watch; with `watcher`, only when it is still that section's (a section that
   * closes after a newer one opened must not end the newer one's watch).
   */
  stop(watcher?: string): void {
    if (this.#current === undefined) return;
    if (watcher !== undefined && this.#current.watcher !== watcher) return;
    this.#current.stop();
    this.#current = undefined;
    this.#files = [];
  }

  /** The files watched now: none when no section is open. */
  get watchedFiles(): readonly string[] {
    return this.#files;
  }
}
