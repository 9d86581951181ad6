// When `airlock` cannot start, it says what to do in one line, with a non-zero exit: never a
// stack trace, never a hang, never a start after which every call fails. The built CLI in
// its own process; where a normal user's limits matter, it runs without root's powers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliTestEnv } from '../helpers/cli-process.ts';
import { newKey } from '../helpers/http-airlock.ts';
import { startHttpCli } from '../helpers/http-cli.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLI_PATH } from '../helpers/server.ts';
import { unprivilegedPrefix } from '../helpers/unprivileged.ts';

const HAS_PROC = existsSync('/proc/self');
let sandbox: Sandbox;
/** Folders whose permissions a test took away, given back before cleanup. */
const locked: string[] = [];
before(async () => {
  sandbox = await makeSandbox();
});
after(async () => {
  for (const dir of locked) await chmod(dir, 0o755);
  await sandbox?.cleanup();
});

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly killed: boolean;
}

/** Runs the CLI to its end, as a normal user when asked; kills it after `timeoutMs`. */
async function run(
  args: readonly string[],
  options: { env?: Record<string, string>; unprivileged?: boolean; timeoutMs?: number } = {},
): Promise<Run> {
  const prefix = options.unprivileged ? (unprivilegedPrefix() ?? []) : [];
  const command = [...prefix, process.execPath, CLI_PATH, ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    env: cliTestEnv(sandbox.home, 'airlock-test-plain-errors', options.env),
    cwd: sandbox.home,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 10_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr, killed };
}

/** One line (besides the keychain's warnings), matching `says`, and exit code 1 at once. */
function assertPlainRefusal(result: Run, says: RegExp): void {
  assert.equal(result.killed, false, `it answered at once:\n${result.stderr}`);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('airlock: warn:'));
  assert.equal(lines.length, 1, `one line:\n${result.stderr}`);
  assert.match(lines[0] as string, says);
  assert.doesNotMatch(result.stderr, /\n\s+at |unexpected/, 'no stack trace');
}

const serveStdio = (...args: string[]) => ['serve', '--stdio', '--workspace', sandbox.ws, ...args];

function skipUnlessUnprivileged(t: { skip(message: string): void }): boolean {
  if (unprivilegedPrefix() !== undefined) return false;
  t.skip('cannot run as a user without root’s powers here (no setpriv)');
  return true;
}

describe('a data dir that cannot be used', () => {
  it('refuses a --data-dir that is a file', async () => {
    const file = await sandbox.file(sandbox.root, 'a-file', 'not a folder');
    assertPlainRefusal(await run(serveStdio('--data-dir', file)), /is not a folder/);
  });

  it('refuses a data dir that cannot be created under a file', async () => {
    const file = await sandbox.file(sandbox.root, 'another-file', 'not a folder');
    assertPlainRefusal(
      await run(serveStdio('--data-dir', path.join(file, 'Airlock'))),
      /--data-dir/,
    );
  });

  it('refuses a data dir in a folder the user may not write to', async (t) => {
    if (skipUnlessUnprivileged(t)) return;
    const readOnly = await sandbox.dir('read-only');
    await chmod(readOnly, 0o555);
    locked.push(readOnly);
    const result = await run(serveStdio('--data-dir', path.join(readOnly, 'Airlock')), {
      unprivileged: true,
    });
    assertPlainRefusal(result, /could not be created.*Choose another with --data-dir/);
  });

  it('fails at once for a data dir under /proc, where no folder can be made', async (t) => {
    if (!HAS_PROC) return t.skip('no /proc here');
    const result = await run(serveStdio('--data-dir', '/proc/airlock'), { timeoutMs: 5000 });
    assertPlainRefusal(result, /\/proc\/airlock could not be created/);
  });

  it('fails at once for keys create under /proc too', async (t) => {
    if (!HAS_PROC) return t.skip('no /proc here');
    const result = await run(['keys', 'create', 'laptop', '--data-dir', '/proc/airlock'], {
      timeoutMs: 5000,
    });
    assertPlainRefusal(result, /\/proc\/airlock could not be created/);
  });

  it('refuses a data dir that is a file in audit search', async () => {
    const file = await sandbox.file(sandbox.root, 'third-file', 'not a folder');
    assertPlainRefusal(await run(['audit', 'search', '--data-dir', file]), /is not a folder/);
  });
});

describe('a port serve --http cannot listen on', () => {
  const serveHttp = (port: number) => [
    'serve',
    '--http',
    '--port',
    String(port),
    '--workspace',
    sandbox.ws,
    '--data-dir',
    sandbox.dataDir,
  ];
  const withKey = { MCP_API_KEY: newKey() };

  it('names a port another program holds (EADDRINUSE)', async () => {
    const holder: Server = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as { port: number };
    try {
      assertPlainRefusal(
        await run(serveHttp(port), { env: withKey }),
        new RegExp(`Port ${port} is already in use`),
      );
    } finally {
      holder.close();
    }
  });

  it('says that port 80 needs administrator rights, as a normal user (EACCES)', async (t) => {
    if (skipUnlessUnprivileged(t)) return;
    const result = await run(serveHttp(80), { env: withKey, unprivileged: true });
    assertPlainRefusal(result, /port 80: ports below 1024 need administrator rights/);
  });
});

describe('a workspace the user may not read', () => {
  it('is refused at start, not accepted and then failing on every call', async (t) => {
    if (skipUnlessUnprivileged(t)) return;
    const closed = await sandbox.dir('closed');
    await chmod(closed, 0o000);
    locked.push(closed);
    const result = await run(
      ['serve', '--stdio', '--workspace', closed, '--data-dir', sandbox.dataDir],
      { unprivileged: true },
    );
    assertPlainRefusal(result, /cannot read the folder ".*closed"/);
  });

  it('is refused when it lies inside a folder the user may not enter', async (t) => {
    if (skipUnlessUnprivileged(t)) return;
    const outer = await sandbox.dir('outer');
    await mkdir(path.join(outer, 'inner'));
    await writeFile(path.join(outer, 'inner', 'note.txt'), 'hello');
    await chmod(outer, 0o000);
    locked.push(outer);
    const result = await run(
      ['serve', '--stdio', '--workspace', path.join(outer, 'inner'), '--data-dir', sandbox.dataDir],
      { unprivileged: true },
    );
    assertPlainRefusal(result, /cannot read the folder ".*inner"/);
  });
});

describe('MCP_API_KEY', () => {
  it('is refused as too weak when shorter than 32 characters', async () => {
    const result = await run(
      ['serve', '--http', '--port', '0', '--workspace', sandbox.ws, '--data-dir', sandbox.dataDir],
      { env: { MCP_API_KEY: 'k'.repeat(31) } },
    );
    assertPlainRefusal(result, /MCP_API_KEY is too weak: it has 31 characters.*at least 32/);
  });

  it('is taken at 32 characters', async () => {
    const server = await startHttpCli({
      workspaces: [sandbox.ws],
      dataDir: await sandbox.dir('data-key-32'),
      home: sandbox.home,
      key: 'k'.repeat(32),
    });
    await server.stop();
  });
});
