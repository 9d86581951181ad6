import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AppStatus } from '../../../preload/contract/status-views.ts';
import type { InvokeChannel } from '../../../preload/ipc-channels.ts';
import type { Envelope, RequestOf, ResponseOf } from '../../../preload/ipc-contract.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN_HEADER = 'x-airlock-harness-token';

export interface HarnessOptions {
  /** The data dir; the harness makes (and removes) a temporary one when not given. */
  readonly dataDir?: string;
  /** What the native folder picker answers first. */
  readonly pickFolder?: string;
  /** More command-line options for scripts/ui-harness.ts. */
  readonly args?: readonly string[];
}

/**
 * `npm run ui:harness` as a child process, as a test uses it: the built renderer with the
 * real main-process handlers behind it. AIRLOCK_RENDERER_DIR picks another build of the
 * renderer than dist/renderer.
 */
export class HarnessProcess {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
    const match = /^(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)$/.exec(url);
    assert.ok(match, `unexpected harness URL: ${url}`);
    this.origin = match[1]!;
    this.token = match[2]!;
  }

  static async start(options: HarnessOptions = {}): Promise<HarnessProcess> {
    const args = ['scripts/ui-harness.ts'];
    if (options.dataDir) args.push('--data-dir', options.dataDir);
    if (options.pickFolder) args.push('--pick-folder', options.pickFolder);
    if (process.env.AIRLOCK_RENDERER_DIR)
      args.push('--renderer-dir', process.env.AIRLOCK_RENDERER_DIR);
    args.push(...(options.args ?? []));
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`ui-harness exited early (${code})`)));
    });
    assert.match(first, /^ui-harness: /, `unexpected first line from the harness: ${first}`);
    return new HarnessProcess(child, first.slice('ui-harness: '.length));
  }

  /** The core's own status, not the page's: what the app really does now. */
  async status(): Promise<AppStatus> {
    const response = await fetch(`${this.origin}/__harness/status`, {
      headers: { [TOKEN_HEADER]: this.token },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as AppStatus;
  }

  /** The app's HTTP address, once it listens (it waits for the first key). */
  async httpAddress(): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const http = (await this.status()).transports.find(
        (transport) => transport.transport === 'http',
      );
      if (http?.state === 'listening' && http.address) return http.address;
      if (Date.now() > deadline) throw new Error(`HTTP is not listening: ${JSON.stringify(http)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * What main asked the desktop to do so far (open a link, open or show a file, copy
   * text), which the harness records instead of doing: oldest first.
   */
  async desktopCalls(): Promise<{ action: string; target: string }[]> {
    const response = await fetch(`${this.origin}/__harness/desktop-calls`, {
      headers: { [TOKEN_HEADER]: this.token },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { action: string; target: string }[];
  }

  /** The apps' settings files main watches now: none unless the Connections section is open. */
  async watchedFiles(): Promise<string[]> {
    const response = await fetch(`${this.origin}/__harness/watched-files`, {
      headers: { [TOKEN_HEADER]: this.token },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as string[];
  }

  /** Sets what the native folder picker answers next; null is a cancelled picker. */
  async setPickedFolder(folder: string | null): Promise<void> {
    await this.#control('/__harness/pick-folder', { path: folder });
  }

  /** Sets where the native save dialog saves next; null is a cancelled dialog. */
  async setSaveFile(file: string | null): Promise<void> {
    await this.#control('/__harness/save-file', { path: file });
  }

  /** A call through the same bridge the page uses, as another window or the tray would. */
  async invoke<C extends InvokeChannel>(
    channel: C,
    request?: RequestOf<C>,
  ): Promise<Envelope<ResponseOf<C>>> {
    const query = new URLSearchParams({ token: this.token, id: '0', channel });
    if (request !== undefined) query.set('request', JSON.stringify(request));
    const response = await fetch(`${this.origin}/__harness/invoke.js?${query}`);
    assert.equal(response.status, 200);
    const script = await response.text();
    // The reply, then its place among main's events (which only the page needs).
    const json = /^window\.__airlockHarness\.reply\(0, (.*), \d+\);\n$/s.exec(script);
    assert.ok(json, `unexpected bridge reply: ${script.slice(0, 200)}`);
    return JSON.parse(json[1]!) as Envelope<ResponseOf<C>>;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }

  async #control(pathname: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.origin}${pathname}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: this.token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 204, `${pathname} answered ${response.status}`);
  }
}
