// `airlock pause` in a terminal while the app runs: the app's own servers stop serving and
// its tray says paused, as with the tray switch; and a later change made in the window does
// not write a stale "not paused" back over the terminal's pause.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AppStatus } from '../../../../preload/contract/status-views.ts';
import { connectV2, resultText } from '../../../helpers/http-clients.ts';
import { postedStatus } from '../../../helpers/http-raw.ts';
import { cliEnv, runCli } from '../../../cli/run-keys-cli.ts';
import { readConfig, writeConfig } from '../../settings/settings-fixture.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';

const API_KEY = `alk_${'k'.repeat(43)}`;
let sandbox: AppSandbox;

beforeEach(async () => {
  sandbox = await makeAppSandbox();
  await mkdir(sandbox.dataDir, { recursive: true });
  await writeConfig(sandbox.dataDir, {
    http: { port: 0 },
    workspaces: [{ path: sandbox.folderA, access: 'read' }],
  });
});
afterEach(async () => sandbox.cleanup());

const terminal = async (command: 'pause' | 'resume') => {
  const result = await runCli(
    [command, '--data-dir', sandbox.dataDir],
    cliEnv({ HOME: sandbox.root, AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-app-pause' }),
  );
  assert.equal(result.code, 0, result.stderr);
};

async function listAllowed(url: string): Promise<string> {
  const client = await connectV2(url, API_KEY);
  try {
    return resultText(await client.callTool({ name: 'list_allowed_directories', arguments: {} }));
  } finally {
    await client.close();
  }
}

/** The HTTP status of a request while paused: 503, before any session. */
function toolsList(url: string): Promise<number> {
  return postedStatus(url, API_KEY, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
}

const httpUrl = (status: AppStatus) =>
  status.transports.find((entry) => entry.transport === 'http')?.address ?? '';

describe('the app, when access is paused from a terminal', () => {
  it('pauses as with the tray switch, and resumes with airlock resume', async () => {
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    const url = httpUrl(app.status());
    assert.match(await listAllowed(url), new RegExp(sandbox.folderA));
    const heard: boolean[] = [];
    app.onStatusChanged((status) => heard.push(status.paused));

    await terminal('pause');
    await eventually(() => app.status().paused, 'the app follows the saved pause');
    assert.equal(await toolsList(url), 503);
    assert.equal(heard[0], true, 'the tray is told');

    await terminal('resume');
    await eventually(() => !app.status().paused, 'the app follows the saved resume');
    assert.match(await listAllowed(url), new RegExp(sandbox.folderA));
  });

  it('keeps the pause when the window changes another setting afterwards', async () => {
    const app = await sandbox.start();
    await terminal('pause');
    await eventually(() => app.status().paused, 'the app follows the saved pause');
    await app.settings.update({ app: { firstRunDone: true } }, 'Onboarding finished');
    const saved = await readConfig(sandbox.dataDir);
    assert.deepEqual(saved.access, { paused: true });
    assert.equal(app.access.paused, true);
  });

  it('stays resumed after a quick pause and resume in the window, never re-paused by its echo', async () => {
    const app = await sandbox.start();
    // The echo of the pause's own save is read about 50 ms after it; resuming around then
    // once let that stale read pause the app again.
    for (const gapMs of [0, 30, 50, 60, 70, 80, 100]) {
      await app.setPaused(true);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      await app.setPaused(false);
      const until = Date.now() + 300;
      while (Date.now() < until) {
        assert.equal(app.status().paused, false, `re-paused after a ${gapMs} ms gap`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  });
});
