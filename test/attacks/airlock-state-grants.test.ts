// A grant that would reach Airlock's own state is refused when it is made: on the command
// line, and from a settings file that names such a folder. The window's route is tested
// in test/core/app/workspace-entries.test.ts.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliTestEnv, runCliToExit } from '../helpers/cli-process.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLI_PATH } from '../helpers/server.ts';

describe("attack: granting Airlock's own state as a workspace", () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await makeSandbox();
    await mkdir(path.join(sandbox.dataDir, 'history'), { recursive: true });
  });
  after(async () => sandbox?.cleanup());

  // The app's default data dir follows XDG_CONFIG_HOME; here it is not a risky folder too.
  const appConfig = () => path.join(sandbox.home, 'app-config');
  const serve = (args: readonly string[]) =>
    runCliToExit(
      {
        args: [CLI_PATH, 'serve', '--stdio', '--data-dir', sandbox.dataDir, ...args],
        env: cliTestEnv(sandbox.home, 'airlock-test', { XDG_CONFIG_HOME: appConfig() }),
        cwd: sandbox.home,
      },
      20_000,
    );

  it('refuses the data dir, or a folder inside it, on the command line', async () => {
    for (const folder of [sandbox.dataDir, path.join(sandbox.dataDir, 'history')]) {
      const { code, stderr, killed } = await serve(['--workspace', folder, '--allow-write']);
      assert.equal(killed, false, 'refused at once, not served');
      assert.equal(code, 1, stderr);
      assert.match(stderr, /Airlock's own data folder/);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it("refuses the app's default data dir too, when another --data-dir is in force", async () => {
    const appData = path.join(appConfig(), 'Airlock');
    await mkdir(appData, { recursive: true });
    const { code, stderr } = await serve(['--workspace', appData]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /Airlock's own data folder/);
  });

  it('refuses a settings file that names a folder inside the data dir', async () => {
    const settings = path.join(sandbox.dataDir, 'config.json');
    const content = `${JSON.stringify({
      workspaces: [{ path: path.join(sandbox.dataDir, 'history'), access: 'write' }],
    })}\n`;
    await writeFile(settings, content);
    const { code, stderr } = await serve([]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /Airlock's own data folder/);
    assert.equal(await readFile(settings, 'utf8'), content, 'the settings file is left alone');
  });
});
