// What the Connections page lists, over fixture homes laid out as on macOS, Linux and
// Windows: which apps are found, where their settings live, whether Airlock is in them,
// and what is wrong with a file Airlock will not change. Never the real home.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  Connections,
  type ConnectionsOptions,
} from '../../../../main/core/app/connections/connections-service.ts';
import type { ClientList } from '../../../../preload/contract/connection-views.ts';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import {
  clientEnvironmentOf,
  type ClientEnvironment,
} from '../../../../main/core/connect/client-environment.ts';
import type { AppErrorCode } from '../../../../preload/contract/app-errors.ts';

let root: string;
before(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-listing-')));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const NO_KEYS: ConnectionsOptions['keys'] = {
  manager: {
    list: async () => [],
    create: async () => assert.fail('no key is made while listing'),
    rotate: async () => assert.fail('no key is rotated while listing'),
    revoke: async () => assert.fail('no key is revoked while listing'),
  },
  store: { loadVerifierEntries: async () => [] },
};

function connections(
  environment: ClientEnvironment,
  overrides: Partial<ConnectionsOptions> = {},
): Connections {
  return new Connections({
    dataDir: path.join(root, 'data'),
    workspaces: () => [],
    httpPort: () => 47474,
    environment,
    pieces: {
      bridgeFile: path.join(root, 'no-bridge-here.js'),
      nodeExecutable: async () => process.execPath,
      extensionFile: undefined,
    },
    keys: NO_KEYS,
    ...overrides,
  });
}

function summary(list: ClientList): Record<string, [boolean, string, boolean]> {
  return Object.fromEntries(
    list.clients.map((client) => [
      client.id,
      [client.installed, client.configFile, client.connected],
    ]),
  );
}

function isAppError(error: unknown, code: AppErrorCode, message: RegExp): boolean {
  return error instanceof AppError && error.code === code && message.test(error.message);
}

const WITH_AIRLOCK = JSON.stringify({ mcpServers: { airlock: { url: 'http://127.0.0.1:1/mcp' } } });

describe('listing over a macOS home', () => {
  it('finds every app by its folder, under Library/Application Support or the home', async () => {
    const home = path.join(root, 'mac');
    const support = path.join(home, 'Library', 'Application Support');
    for (const dir of [
      path.join(support, 'Claude'),
      path.join(support, 'Code', 'User'),
      path.join(home, '.cursor'),
      path.join(home, '.codeium', 'windsurf'),
      path.join(home, '.claude'),
    ])
      await mkdir(dir, { recursive: true });
    await writeFile(path.join(home, '.cursor', 'mcp.json'), WITH_AIRLOCK);
    const list = await connections(clientEnvironmentOf('darwin', home, {})).list();
    assert.deepEqual(summary(list), {
      'claude-desktop': [true, path.join(support, 'Claude', 'claude_desktop_config.json'), false],
      cursor: [true, path.join(home, '.cursor', 'mcp.json'), true],
      vscode: [true, path.join(support, 'Code', 'User', 'mcp.json'), false],
      windsurf: [true, path.join(home, '.codeium', 'windsurf', 'mcp_config.json'), false],
      'claude-code': [true, path.join(home, '.claude.json'), false],
    });
  });
});

describe('listing over a Linux home', () => {
  it('finds apps under XDG_CONFIG_HOME when it is set, and reports the others as not found', async () => {
    const home = path.join(root, 'linux');
    const xdg = path.join(root, 'linux-xdg');
    await mkdir(path.join(xdg, 'Code', 'User'), { recursive: true });
    await mkdir(path.join(home, '.config', 'Claude'), { recursive: true });
    await writeFile(path.join(home, '.claude.json'), '{}');
    const list = await connections(
      clientEnvironmentOf('linux', home, { XDG_CONFIG_HOME: xdg }),
    ).list();
    assert.deepEqual(summary(list), {
      // ~/.config/Claude is not where Claude Desktop looks once XDG_CONFIG_HOME is set.
      'claude-desktop': [false, path.join(xdg, 'Claude', 'claude_desktop_config.json'), false],
      cursor: [false, path.join(home, '.cursor', 'mcp.json'), false],
      vscode: [true, path.join(xdg, 'Code', 'User', 'mcp.json'), false],
      windsurf: [false, path.join(home, '.codeium', 'windsurf', 'mcp_config.json'), false],
      // Claude Code is found by its ~/.claude.json alone.
      'claude-code': [true, path.join(home, '.claude.json'), false],
    });
  });

  it('says what is wrong with a file Airlock will not change, naming it', async () => {
    const home = path.join(root, 'linux-problems');
    const cursorFile = path.join(home, '.cursor', 'mcp.json');
    const vscodeFile = path.join(home, '.config', 'Code', 'User', 'mcp.json');
    const windsurfFile = path.join(home, '.codeium', 'windsurf', 'mcp_config.json');
    await mkdir(path.dirname(cursorFile), { recursive: true });
    await mkdir(path.dirname(vscodeFile), { recursive: true });
    await mkdir(path.dirname(windsurfFile), { recursive: true });
    await writeFile(cursorFile, '{ "mcpServers": { } } trailing words');
    // A comment and a trailing comma are fine: VS Code allows both.
    await writeFile(vscodeFile, '{ // mine\n "servers": { "airlock": {}, },\n}');
    await writeFile(windsurfFile, WITH_AIRLOCK);
    await chmod(windsurfFile, 0o444);
    const list = await connections(clientEnvironmentOf('linux', home, {})).list();
    const byId = Object.fromEntries(list.clients.map((client) => [client.id, client]));
    assert.match(
      byId.cursor?.problem ?? '',
      /^Cursor's settings file, .*mcp\.json, is not valid JSON/,
    );
    assert.ok(byId.cursor?.problem?.includes(cursorFile));
    assert.equal(byId.vscode?.problem, null);
    assert.equal(byId.vscode?.connected, true);
    assert.match(byId.windsurf?.problem ?? '', /is read-only, so Airlock cannot change it/);
    assert.equal(byId.windsurf?.connected, true);
  });

  it('says why HTTP apps and bridge apps cannot be connected now', async () => {
    const list = await connections(clientEnvironmentOf('linux', path.join(root, 'x'), {}), {
      httpPort: () => 0,
    }).list();
    assert.match(list.httpProblem ?? '', /Choose a fixed port in Settings/);
    assert.match(list.bridgeProblem ?? '', /bridge, which local apps start, is missing/);
  });

  it('refuses to connect an HTTP app while no folder is shared', async () => {
    const home = path.join(root, 'linux-no-folders');
    await mkdir(path.join(home, '.cursor'), { recursive: true });
    await assert.rejects(
      connections(clientEnvironmentOf('linux', home, {})).connect({
        client: 'cursor',
        workspaces: [],
        access: 'read',
      }),
      (error) => isAppError(error, 'invalid_workspace', /No folder is shared yet/),
    );
  });
});

/**
 * A Windows home, checked on any machine. Off Windows a path such as C:\Users\ann\.cursor
 * is one file name relative to the working directory, so the fixture runs in a sandbox
 * cwd and makes each folder the client looks at under that name: the Windows joins,
 * %APPDATA% and the MSIX package glob are what is exercised, not a Windows file system.
 */
describe('listing over a Windows home', () => {
  let startedIn: string;
  let cwd: string;
  let winHome: string;
  const made = async (windowsPath: string) =>
    mkdir(process.platform === 'win32' ? windowsPath : path.join(cwd, windowsPath), {
      recursive: true,
    });

  before(async () => {
    startedIn = process.cwd();
    cwd = path.join(root, 'windows');
    await mkdir(cwd);
    winHome = process.platform === 'win32' ? cwd : 'C:\\Users\\ann';
    process.chdir(cwd);
  });
  after(() => process.chdir(startedIn));

  function environment(): ClientEnvironment {
    return clientEnvironmentOf('win32', winHome, {
      APPDATA: `${winHome}\\AppData\\Roaming`,
      LOCALAPPDATA: `${winHome}\\AppData\\Local`,
    });
  }

  it('finds apps under %APPDATA% and the home folder', async () => {
    await made(`${winHome}\\AppData\\Roaming\\Claude`);
    await made(`${winHome}\\AppData\\Roaming\\Code\\User`);
    await made(`${winHome}\\.cursor`);
    const list = await connections(environment()).list();
    assert.deepEqual(summary(list), {
      'claude-desktop': [
        true,
        `${winHome}\\AppData\\Roaming\\Claude\\claude_desktop_config.json`,
        false,
      ],
      cursor: [true, `${winHome}\\.cursor\\mcp.json`, false],
      vscode: [true, `${winHome}\\AppData\\Roaming\\Code\\User\\mcp.json`, false],
      windsurf: [false, `${winHome}\\.codeium\\windsurf\\mcp_config.json`, false],
      'claude-code': [false, `${winHome}\\.claude.json`, false],
    });
  });

  it('finds the Microsoft Store build of Claude Desktop by its package folder', async () => {
    const packages = `${winHome}\\AppData\\Local\\Packages`;
    const pkg = 'Claude_pzs8sxrjxfjjc';
    await made(`${packages}\\Other.App_1234`);
    if (process.platform === 'win32') await made(`${packages}\\${pkg}`);
    else {
      // Listed inside the Packages folder, and found by its joined Windows name.
      await mkdir(path.join(cwd, packages, pkg), { recursive: true });
      await made(`${packages}\\${pkg}`);
    }
    const list = await connections(environment()).list();
    const desktop = list.clients.find((client) => client.id === 'claude-desktop');
    assert.equal(desktop?.installed, true);
    assert.equal(
      desktop?.configFile,
      `${packages}\\${pkg}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
    );
  });
});
