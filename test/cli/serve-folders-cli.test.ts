// `airlock serve` grants folders as carefully as the window: the built CLI refuses an empty
// --workspace, and the folders the window warns about unless --allow-risky-folder is given.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliTestEnv } from '../helpers/cli-process.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLI_PATH, startServer, type RunningServer } from '../helpers/server.ts';

const TRANSPORTS = ['stdio', 'http', 'socket'] as const;
const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '0' },
  },
})}\n`;

let sandbox: Sandbox;
let runs = 0;
before(async () => {
  sandbox = await makeSandbox();
  await mkdir(path.join(sandbox.home, 'Projects', 'novel'), { recursive: true });
  await mkdir(path.join(sandbox.home, '.ssh', 'work'), { recursive: true });
  await symlink('/', path.join(sandbox.ws, 'everything'));
});
after(async () => {
  await sandbox?.cleanup();
});

interface Refusal {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The data dir it was given, which a refused start must not create. */
  readonly dataDir: string;
}

/**
 * Runs `airlock serve` with a client's first request waiting on stdin, as a client starts it;
 * a server that starts instead of refusing is stopped after a while (code null).
 */
async function serve(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd = sandbox.ws,
): Promise<Refusal> {
  const dataDir = path.join(sandbox.root, `data-run-${++runs}`);
  const child = spawn(process.execPath, [CLI_PATH, 'serve', ...args, '--data-dir', dataDir], {
    env: cliTestEnv(sandbox.home, 'airlock-test-serve-folders', env),
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined); // a refused start may close stdin first
  child.stdin.write(INITIALIZE);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr, dataDir };
}

function assertNothingServed(run: Refusal): void {
  assert.equal(run.stdout, '', 'no answer on stdout');
  assert.doesNotMatch(run.stderr, /listening/);
  assert.equal(existsSync(run.dataDir), false, 'no data dir, audit log or socket was made');
}

const transportArgs = (transport: string) =>
  transport === 'http' ? ['--http', '--port', '0'] : [`--${transport}`];
// The HTTP server needs a key to start at all; with one, only the folder can stop it.
const KEY_ENV = { MCP_API_KEY: 'k-serve-folders-test-key-0123456789abcdef' };

describe('airlock serve: an empty --workspace', () => {
  for (const transport of TRANSPORTS) {
    it(`exits 2 with a usage error and serves nothing, instead of the current folder (--${transport})`, async () => {
      const run = await serve([...transportArgs(transport), '--workspace', ''], KEY_ENV);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^airlock: --workspace needs a folder, but was given an empty name/);
      assert.match(run.stderr, /Usage:/);
      assertNothingServed(run);
    });
  }
});

describe('airlock serve: folders the window warns about', () => {
  for (const transport of TRANSPORTS) {
    it(`refuses / with exit 1, naming --allow-risky-folder, and serves nothing (--${transport})`, async () => {
      const run = await serve([...transportArgs(transport), '--workspace', '/'], KEY_ENV);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^airlock: "\/" is the whole computer\. It is the top of the disk/);
      assert.match(run.stderr, /To share it anyway, add --allow-risky-folder\.\n$/);
      assertNothingServed(run);
    });
  }

  it('refuses the home folder that HOME names, and shares a project inside it without the flag', async () => {
    const run = await serve(['--stdio', '--workspace', sandbox.home]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stderr,
      `airlock: "${sandbox.home}" is your whole home folder: the agent could read your documents, mail, photos and app settings. Choose a smaller folder if you can, such as the folder of one project. To share it anyway, add --allow-risky-folder.\n`,
    );
    assertNothingServed(run);
    const project = path.join(sandbox.home, 'Projects', 'novel');
    const server = await startServer({
      workspaces: [project],
      dataDir: await sandbox.dir('data-project'),
      home: sandbox.home,
    });
    try {
      assert.deepEqual(await allowedDirectories(server), [project]);
    } finally {
      await server.close();
    }
  });

  it('refuses the home folder named by MCP_WORKSPACE, which is a command-line grant too', async () => {
    const run = await serve(['--stdio'], { MCP_WORKSPACE: sandbox.home });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /is your whole home folder/);
    assertNothingServed(run);
  });

  it('refuses a folder inside HOME/.ssh', async () => {
    const keys = path.join(sandbox.home, '.ssh', 'work');
    const run = await serve(['--stdio', '--workspace', keys]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^airlock: ".+\/\.ssh\/work" holds keys and passwords: /);
    assert.match(run.stderr, /add --allow-risky-folder\.\n$/);
    assertNothingServed(run);
  });

  it('refuses a link to / inside an ordinary folder, saying where it leads', async () => {
    const link = path.join(sandbox.ws, 'everything');
    const run = await serve(['--stdio', '--workspace', link]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(
      run.stderr.startsWith(`airlock: "${link}", which leads to "/", is the whole computer.`),
      run.stderr,
    );
    assertNothingServed(run);
  });

  it('refuses a relative --workspace that resolves to the home folder', async () => {
    const run = await serve(['--stdio', '--workspace', '.'], {}, sandbox.home);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /is your whole home folder/);
    assertNothingServed(run);
  });

  it('shares the home folder, a folder of keys and a link to / with --allow-risky-folder', async () => {
    const folders = [
      sandbox.home,
      path.join(sandbox.home, '.ssh', 'work'),
      path.join(sandbox.ws, 'everything'),
    ];
    for (const folder of folders) {
      const server = await startServer({
        workspaces: [folder],
        dataDir: await sandbox.dir(`data-allowed-${path.basename(folder)}`),
        home: sandbox.home,
        extraArgs: ['--allow-risky-folder'],
      });
      try {
        assert.equal((await allowedDirectories(server)).length, 1, folder);
      } finally {
        await server.close();
      }
    }
  });

  it('starts with / and --allow-risky-folder over stdio, and lists its tools', async () => {
    const server = await startServer({
      workspaces: ['/'],
      dataDir: await sandbox.dir('data-allowed-root'),
      home: sandbox.home,
      extraArgs: ['--allow-risky-folder'],
    });
    try {
      const { tools } = await server.client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'list_allowed_directories'));
    } finally {
      await server.close();
    }
  });

  it('serves a risky folder from the saved settings, where the app asked the person, but refuses it named again', async () => {
    const dataDir = await sandbox.dir('data-saved');
    await writeFile(
      path.join(dataDir, 'config.json'),
      JSON.stringify({ workspaces: [{ path: sandbox.home, access: 'read' }] }),
    );
    const server = await startServer({ workspaces: [], dataDir, home: sandbox.home });
    try {
      assert.deepEqual(await allowedDirectories(server), [sandbox.home]);
    } finally {
      await server.close();
    }
    const named = await startServer({ workspaces: [sandbox.home], dataDir, home: sandbox.home })
      .then(async (running) => {
        await running.close();
        return 'started';
      })
      .catch((error: unknown) => String(error));
    assert.match(named, /is your whole home folder/);
  });
});

/** The real paths the server shares, from list_allowed_directories' lines: "path (can …)". */
async function allowedDirectories(server: RunningServer): Promise<string[]> {
  const result = await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
  const [block] = result.content as { type: string; text: string }[];
  const lines = (block?.text ?? '').split('\n').slice(1);
  return lines.map((line) => line.replace(/ \(can read(?: and change)?\)$/, ''));
}
