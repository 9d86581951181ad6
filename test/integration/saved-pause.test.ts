// "Pause all access" is saved by the app in the shared settings file; a stdio server that a
// client started on its own follows it at once, and serves again when it is lifted.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { makeSandbox } from '../helpers/sandbox.ts';
import { startServer } from '../helpers/server.ts';

const sandbox = await makeSandbox();
after(() => sandbox.cleanup());
await sandbox.file(sandbox.ws, 'a.txt', 'hello\n');

async function savePaused(paused: boolean): Promise<void> {
  await writeFile(
    path.join(sandbox.dataDir, 'config.json'),
    JSON.stringify({ access: { paused } }),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
}

function textOf(result: { content?: unknown }): string {
  return JSON.stringify(result.content);
}

describe('the saved pause, in a stdio server started by a client', () => {
  it('refuses calls while the app has paused access, and serves again once resumed', async () => {
    const server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    try {
      const before = await server.client.callTool({
        name: 'read_text_file',
        arguments: { path: 'a.txt' },
      });
      assert.match(textOf(before), /hello/);
      await savePaused(true);
      const paused = await server.client.callTool({
        name: 'read_text_file',
        arguments: { path: 'a.txt' },
      });
      assert.equal(paused.isError, true);
      assert.match(textOf(paused), /paused in Airlock/);
      await savePaused(false);
      const resumed = await server.client.callTool({
        name: 'read_text_file',
        arguments: { path: 'a.txt' },
      });
      assert.match(textOf(resumed), /hello/);
    } finally {
      await server.close();
    }
  });

  it('starts paused when the app left access paused', async () => {
    await savePaused(true);
    const server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    try {
      const result = await server.client.callTool({
        name: 'read_text_file',
        arguments: { path: 'a.txt' },
      });
      assert.match(textOf(result), /paused in Airlock/);
    } finally {
      await server.close();
      await savePaused(false);
    }
  });
});
