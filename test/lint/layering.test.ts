// Proves that the layering rules in eslint.config.js bite (DESIGN.md, "Layering rules"):
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

  it('allows the renderer to import the preload contract', async () => {
    const code =
      "import { channels } from '../preload/contract.ts';\n\nexport const all = channels;\n";
    const messages = await lintAt('renderer/example.ts', code);
    assert.deepEqual(messages, []);
  });
});

describe('server code never writes to the console', () => {
  it('refuses console.log in main/core, because stdout carries JSON-RPC', async () => {
    const code = "export function report(): void {\n  console.log('hello');\n}\n";
    const messages = await lintAt('main/core/server/example.ts', code);
    assert.deepEqual(errorRules(messages), ['no-console']);
  });
});
