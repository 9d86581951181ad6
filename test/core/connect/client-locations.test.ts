import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  clientEnvironmentOf,
  type ClientEnvironment,
} from '../../../main/core/connect/client-environment.ts';
import { CLIENTS } from '../../../main/core/connect/clients/client-registry.ts';
import { msixConfigDir } from '../../../main/core/connect/clients/claude-desktop.ts';
import type { ClientId } from '../../../main/core/connect/clients/mcp-client.ts';

/**
 * Fixture homes for each OS layout. The Windows layout is checked with path.win32 joins
 * on whatever machine runs the tests; folders are made with the native separator, so
 * the Windows fixtures only check where the config goes, not detection, off Windows.
 */
let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'airlock-clients-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function locate(id: ClientId, environment: ClientEnvironment) {
  return CLIENTS[id].locate(environment);
}

describe('where each client keeps its config', () => {
  it('on macOS, under the fixture home', async () => {
    const home = path.join(root, 'mac');
    const env = clientEnvironmentOf('darwin', home, {});
    const support = path.join(home, 'Library', 'Application Support');
    assert.equal(
      (await locate('claude-desktop', env)).configFile,
      path.join(support, 'Claude', 'claude_desktop_config.json'),
    );
    assert.equal(
      (await locate('vscode', env)).configFile,
      path.join(support, 'Code', 'User', 'mcp.json'),
    );
    assert.equal((await locate('cursor', env)).configFile, path.join(home, '.cursor', 'mcp.json'));
    assert.equal(
      (await locate('windsurf', env)).configFile,
      path.join(home, '.codeium', 'windsurf', 'mcp_config.json'),
    );
    assert.equal((await locate('claude-code', env)).configFile, path.join(home, '.claude.json'));
  });

  it('on Linux, under ~/.config or XDG_CONFIG_HOME', async () => {
    const home = path.join(root, 'linux');
    const env = clientEnvironmentOf('linux', home, {});
    assert.equal(
      (await locate('claude-desktop', env)).configFile,
      path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    );
    assert.equal(
      (await locate('vscode', env)).configFile,
      path.join(home, '.config', 'Code', 'User', 'mcp.json'),
    );
    const xdg = clientEnvironmentOf('linux', home, { XDG_CONFIG_HOME: path.join(root, 'xdg') });
    assert.equal(
      (await locate('vscode', xdg)).configFile,
      path.join(root, 'xdg', 'Code', 'User', 'mcp.json'),
    );
  });

  it('on Windows, under %APPDATA% and the home folder', async () => {
    const env = clientEnvironmentOf('win32', 'C:\\Users\\ann', {
      APPDATA: 'C:\\Users\\ann\\AppData\\Roaming',
      LOCALAPPDATA: path.join(root, 'no-packages-here'),
    });
    assert.equal(
      (await locate('claude-desktop', env)).configFile,
      'C:\\Users\\ann\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
    assert.equal(
      (await locate('vscode', env)).configFile,
      'C:\\Users\\ann\\AppData\\Roaming\\Code\\User\\mcp.json',
    );
    assert.equal((await locate('cursor', env)).configFile, 'C:\\Users\\ann\\.cursor\\mcp.json');
    assert.equal(
      (await locate('windsurf', env)).configFile,
      'C:\\Users\\ann\\.codeium\\windsurf\\mcp_config.json',
    );
    assert.equal((await locate('claude-code', env)).configFile, 'C:\\Users\\ann\\.claude.json');
  });

  it('on Windows, finds the Microsoft Store build of Claude by its package folder, whatever its suffix', async () => {
    const packages = path.join(root, 'local', 'Packages');
    assert.equal(await msixConfigDir(packages, path), undefined);
    await mkdir(path.join(packages, 'Claude_pzs8sxrjxfjjc'), { recursive: true });
    await mkdir(path.join(packages, 'ClaudeOther'), { recursive: true });
    assert.equal(
      await msixConfigDir(packages, path),
      path.join(packages, 'Claude_pzs8sxrjxfjjc', 'LocalCache', 'Roaming', 'Claude'),
    );
  });
});

describe('whether each client is installed', () => {
  it('is detected by its config folder, and not without it', async () => {
    const home = path.join(root, 'detect');
    const env = clientEnvironmentOf('linux', home, {});
    for (const id of Object.keys(CLIENTS) as ClientId[]) {
      assert.equal((await locate(id, env)).detected, false, id);
    }
    await mkdir(path.join(home, '.cursor'), { recursive: true });
    await mkdir(path.join(home, '.config', 'Claude'), { recursive: true });
    await mkdir(path.join(home, '.config', 'Code', 'User'), { recursive: true });
    await mkdir(path.join(home, '.codeium', 'windsurf'), { recursive: true });
    await mkdir(path.join(home, '.claude'), { recursive: true });
    for (const id of Object.keys(CLIENTS) as ClientId[]) {
      assert.equal((await locate(id, env)).detected, true, id);
    }
  });
});
