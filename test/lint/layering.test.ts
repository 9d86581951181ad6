// Proves that the rules in eslint.config.js that hold the shape of the code bite:
// each case lints a small piece of code as if it lived at a given path in the repository.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function lintAt(relativePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, relativePath) });
  assert.ok(result, `ESLint returned no result for ${relativePath}`);
  return result.messages;
}

function errorRules(messages: Linter.LintMessage[]): (string | null)[] {
  return messages.filter((message) => message.severity === 2).map((message) => message.ruleId);
}

const usesElectron = "import { app } from 'electron';\n\nexport const ready = app.whenReady();\n";

describe('layering: only main/shell imports electron', () => {
  it('refuses an electron import in main/core', async () => {
    const messages = await lintAt('main/core/policy/example.ts', usesElectron);
    assert.deepEqual(errorRules(messages), ['no-restricted-imports']);
  });

  it('refuses an electron subpath import in main/core', async () => {
    const code = "import { app } from 'electron/main';\n\nexport const ready = app.whenReady();\n";
    const messages = await lintAt('main/core/policy/example.ts', code);
    assert.deepEqual(errorRules(messages), ['no-restricted-imports']);
  });

  it('refuses an electron import in main/cli', async () => {
    const messages = await lintAt('main/cli/example.ts', usesElectron);
    assert.deepEqual(errorRules(messages), ['no-restricted-imports']);
  });

  it('allows an electron import in main/shell', async () => {
    const messages = await lintAt('main/shell/example.ts', usesElectron);
    assert.deepEqual(messages, []);
  });
});

describe('layering: the renderer reaches main only through preload', () => {
  it('refuses a renderer import from main/', async () => {
    const code =
      "import { resolve } from '../main/core/x.ts';\n\nexport const path = resolve('a');\n";
    const messages = await lintAt('renderer/example.ts', code);
    assert.deepEqual(errorRules(messages), ['no-restricted-imports']);
  });

  it('refuses an electron import in the renderer', async () => {
    const messages = await lintAt('renderer/example.ts', usesElectron);
    assert.deepEqual(errorRules(messages), ['no-restricted-imports']);
  });

  it('allows the renderer to take types from the preload contract', async () => {
    const code =
      "import type { Channel } from '../preload/contract.ts';\n\nexport const all: Channel[] = [];\n";
    const messages = await lintAt('renderer/example.ts', code);
    assert.deepEqual(messages, []);
  });

  it('refuses the renderer a value from the contract, even one marked type inside the braces', async () => {
    for (const code of [
      "import { channels } from '../../preload/contract.ts';\n\nexport const all = channels;\n",
      "import { type Channel } from '../../preload/contract.ts';\n\nexport const all: Channel[] = [];\n",
      "export { channels } from '../../preload/contract.ts';\n",
    ]) {
      const messages = await lintAt('renderer/app/example.ts', code);
      assert.deepEqual(errorRules(messages), ['airlock/layers'], code);
    }
  });
});

describe('layering: the words main and the window share', () => {
  it('allows the renderer their values', () =>
    assertAllowed('renderer/screens/example.ts', '../../preload/contract/words/approval-words.ts'));

  it('allows them types from the contract and values from each other', async () => {
    const from = 'preload/contract/words/example.ts';
    const code =
      "import type { Requester } from '../approval-views.ts';\n\nexport const none: Requester | undefined = undefined;\n";
    assert.deepEqual(await lintAt(from, code), []);
    await assertAllowed(from, './approval-words.ts');
  });

  it('refuses them a value from the rest of the contract, or any package', async () => {
    const from = 'preload/contract/words/example.ts';
    for (const code of [
      "import { CHANGE_ACTIONS } from '../approval-views.ts';\n\nexport const all = CHANGE_ACTIONS;\n",
      "import { z } from 'zod';\n\nexport const name = z.string();\n",
      "export { z } from 'zod';\n",
      "export const later = () => import('zod');\n",
    ]) {
      assert.deepEqual(errorRules(await lintAt(from, code)), ['airlock/layers'], code);
    }
  });
});

describe('server code never writes to the console', () => {
  it('refuses console.log in main/core, because stdout carries JSON-RPC', async () => {
    const code = "export function report(): void {\n  console.log('hello');\n}\n";
    const messages = await lintAt('main/core/server/example.ts', code);
    assert.deepEqual(errorRules(messages), ['no-console']);
  });
});

/** One import of `target` as written from a file at `from`, through each form of import. */
function importsOf(target: string): string[] {
  return [
    `import { thing } from '${target}';\n\nexport const used = thing;\n`,
    `import type { Thing } from '${target}';\n\nexport const used: Thing | undefined = undefined;\n`,
    `export { thing } from '${target}';\n`,
    `export const later = () => import('${target}');\n`,
  ];
}

async function assertRefused(from: string, target: string): Promise<void> {
  for (const code of importsOf(target)) {
    const messages = await lintAt(from, code);
    assert.deepEqual(errorRules(messages), ['airlock/layers'], `${from}: ${code}`);
  }
}

async function assertAllowed(from: string, target: string): Promise<void> {
  for (const code of importsOf(target)) {
    assert.deepEqual(await lintAt(from, code), [], `${from}: ${code}`);
  }
}

describe('layering: inside main/core nothing imports a higher floor', () => {
  const upward: [string, string][] = [
    ['main/core/platform/example.ts', '../policy/path-policy.ts'],
    ['main/core/config/example.ts', '../fs/read-text.ts'],
    ['main/core/policy/example.ts', '../fs/read-text.ts'],
    ['main/core/fs/example.ts', '../tools/tool-kit.ts'],
    ['main/core/tools/example.ts', '../server/access-switch.ts'],
    ['main/core/audit/search/example.ts', '../../server/access-switch.ts'],
    ['main/core/keys/example.ts', '../http/http-server.ts'],
    ['main/core/settings/example.ts', '../socket/socket-server.ts'],
    ['main/core/server/example.ts', '../http/http-server.ts'],
    ['main/core/http/example.ts', '../app/start-airlock-app.ts'],
  ];
  for (const [from, target] of upward) {
    it(`refuses ${from} importing ${target}`, () => assertRefused(from, target));
  }

  const allowed: [string, string][] = [
    ['main/core/policy/example.ts', '../platform/file-access.ts'],
    ['main/core/fs/example.ts', '../policy/path-policy.ts'],
    ['main/core/audit/example.ts', '../keys/keys-error.ts'],
    ['main/core/keys/example.ts', '../audit/audit-record.ts'],
    ['main/core/http/example.ts', '../server/access-switch.ts'],
    ['main/core/app/connections/example.ts', '../../http/http-server.ts'],
  ];
  for (const [from, target] of allowed) {
    it(`allows ${from} importing ${target}`, () => assertAllowed(from, target));
  }

  it('refuses a folder that has no floor yet, so a new area is placed on purpose', () =>
    assertRefused('main/core/widgets/example.ts', '../policy/path-policy.ts'));

  it('is not fooled by a path that walks out and back in', () =>
    assertRefused('main/core/policy/example.ts', '../../core/./fs/../fs/read-text.ts'));
});

describe('layering: the core never imports the command line or the shell', () => {
  it('refuses main/core importing main/cli', () =>
    assertRefused('main/core/app/example.ts', '../../cli/usage-error.ts'));
  it('refuses main/core importing main/shell', () =>
    assertRefused('main/core/app/ipc/example.ts', '../../../shell/tray.ts'));
  it('allows main/cli importing main/core', () =>
    assertAllowed('main/cli/example.ts', '../core/app/start-airlock-app.ts'));
});

describe('layering: the IPC contract is a leaf', () => {
  it('refuses preload importing main/, types included', () =>
    assertRefused('preload/contract/example.ts', '../../main/core/app/serving/start-serving.ts'));
  it('allows the contract to import the contract', () =>
    assertAllowed('preload/contract/example.ts', './vocabulary.ts'));
});

describe('raw IPC lives only in its two wrappers', () => {
  const rawUses = [
    "export function listen(ipcMain: { on(c: string): void }): void {\n  ipcMain.on('x');\n}\n",
    "export function listen(electron: { ipcMain: { handle(c: string): void } }): void {\n  electron.ipcMain.handle('x');\n}\n",
    "export function ask(ipcRenderer: { invoke(c: string): void }): void {\n  ipcRenderer.invoke('x');\n}\n",
  ];
  for (const file of ['main/shell/tray.ts', 'preload/preload.ts', 'renderer/app/example.ts']) {
    it(`refuses ipcMain and ipcRenderer in ${file}`, async () => {
      for (const code of rawUses) {
        assert.deepEqual(errorRules(await lintAt(file, code)), ['no-restricted-syntax'], code);
      }
    });
  }
  for (const file of ['main/shell/ipc-bridge.ts', 'preload/create-preload-api.ts']) {
    it(`allows them in the wrapper ${file}`, async () => {
      for (const code of rawUses) assert.deepEqual(await lintAt(file, code), [], code);
    });
  }
});

describe('main sends to the page only through MainWindow.send, which the contract types', () => {
  const rawSend =
    "export function tell(window: { webContents: { send(c: string, p: unknown): void } }): void {\n  window.webContents.send('airlock:statusChanged', 1);\n}\n";
  it('refuses webContents.send outside the main window', async () => {
    const messages = await lintAt('main/shell/tray-actions.ts', rawSend);
    assert.deepEqual(errorRules(messages), ['no-restricted-syntax']);
  });
  it('allows it inside MainWindow, whose send is typed by the contract', async () => {
    assert.deepEqual(await lintAt('main/shell/main-window.ts', rawSend), []);
  });
});
