// A call under way when the servers restart (a folder's settings changed, say) is cut short,
// and still recorded: the restart waits for its record before it closes the audit log.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { auditLogPath } from '../../../../main/core/audit/audit-location.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { writeConfig } from '../../settings/settings-fixture.ts';
import { eventually, httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;

describe('a call the servers’ restart cuts short', () => {
  beforeEach(async () => {
    sandbox = await makeAppSandbox();
    await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'write', askBefore: 'replacing' }],
    });
    app = await sandbox.start();
  });
  afterEach(async () => sandbox.cleanup());

  it("is still in the activity log, even while it waited for the person's OK", async () => {
    await writeFile(path.join(sandbox.folderA, 'draft.txt'), 'keep me\n');
    const key = await sandbox.keyStore.create('editor', { workspaces: 'all', access: 'write' });
    const transport = new StreamableHTTPClientTransport(new URL(await httpAddress(app)), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    });
    const client = new Client({ name: 'Cursor', version: '1.4.2' });
    await client.connect(transport);
    const call = client
      .callTool({ name: 'delete_file', arguments: { path: 'draft.txt' } }, { timeout: 3000 })
      .catch((error: unknown) => error);
    await eventually(() => app.approvals.view().pending.length === 1, 'the call waits');
    // Changing the folder's setting restarts the servers under the waiting call.
    await app.setWorkspaceAskBefore(sandbox.folderA, 'every-change');
    await call;
    await client.close().catch(() => undefined);
    const records = (await readFile(auditLogPath(undefined, sandbox.dataDir), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; tool?: string; outcome?: string });
    const cut = records.filter(
      (record) => record.event === 'tool_call' && record.tool === 'delete_file',
    );
    assert.equal(cut.length, 1, 'the cut-short call has its record');
    // Cut short as it waited: the cancel is what it records.
    assert.equal(cut[0]?.outcome, 'error', JSON.stringify(cut));
    assert.equal(await readFile(path.join(sandbox.folderA, 'draft.txt'), 'utf8'), 'keep me\n');
  });
});
