// The data dir holds the settings, the key list and the audit log: every way Airlock runs
// makes it private, not only the socket server.
import assert from 'node:assert/strict';
import { chmod, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer } from '../helpers/server.ts';

describe('the data dir of `airlock serve --stdio`', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await makeSandbox();
  });
  after(async () => sandbox?.cleanup());

  it('is made private (0700) when it was open to others', async () => {
    await chmod(sandbox.dataDir, 0o755);
    const server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    try {
      assert.equal((await stat(sandbox.dataDir)).mode & 0o777, 0o700);
      assert.match(server.stderr(), /now private \(0700\)|was open to other users/);
    } finally {
      await server.close();
    }
  });
});
