// "Ask me first" for a server started on its own: `airlock serve --stdio` (the built CLI,
// spoken to by the SDK v2 client) reads a folder's askBefore from the shared settings and
// asks the running app over the local socket. Here the app is an AirlockSocketServer with
// the app's ApprovalService, listening on the same data dir; the test is the person.
import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { ApprovalService } from '../../main/core/approvals/approval-service.ts';
import { REFUSAL_MESSAGES } from '../../main/core/approvals/approval-messages.ts';
import { AuditLog } from '../../main/core/audit/audit-log.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import { ChangeJournal } from '../../main/core/history/change-journal.ts';
import { DEFAULT_LIMITS } from '../../main/core/policy/limits.ts';
import { PathPolicy } from '../../main/core/policy/path-policy.ts';
import { currentPlatform } from '../../main/core/policy/platform.ts';
import { openWorkspace } from '../../main/core/policy/workspace.ts';
import type { AirlockCore } from '../../main/core/server/create-airlock-server.ts';
import { AirlockSocketServer } from '../../main/core/socket/socket-server.ts';
import { BRIDGE_TOKEN_FILE } from '../../main/core/socket/bridge-token.ts';
import { connectSdkClient } from '../core/socket/socket-fixture.ts';
import { capturedLog } from '../helpers/captured-log.ts';
import { cliTestEnv, startCli, type RunningCli } from '../helpers/cli-process.ts';
import { defaultProtections } from '../helpers/protections.ts';
import { call, textOf } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLI_PATH, startServer, type RunningServer } from '../helpers/server.ts';

/** The app's side: its approvals, and the socket standalone servers reach them on. */
interface FakeApp {
  readonly approvals: ApprovalService;
  readonly auditFile: string;
  close(): Promise<void>;
}

async function startApp(sandbox: Sandbox): Promise<FakeApp> {
  const platform = currentPlatform();
  const audit = new AuditLog(
    AuditWriter.open(
      path.join(await sandbox.dir('app-audit'), 'audit.jsonl'),
      { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' },
      new Uint8Array(32).fill(7),
    ),
  );
  const approvals = new ApprovalService({
    timing: () => ({ waitMs: 30_000, pendingMs: 10 * 60_000 }),
    record: async (entry) => void (await audit.record(entry)),
  });
  // The socket server needs a core; only its log and audit log take part in approvals.
  const core: AirlockCore = {
    policy: new PathPolicy(
      platform,
      [await openWorkspace(platform, sandbox.ws, 'read')],
      defaultProtections(platform),
    ),
    limits: DEFAULT_LIMITS,
    journal: await ChangeJournal.open(await sandbox.dir('app-history')),
    log: capturedLog(),
    searchWorkerUrl: new URL('../../main/core/tools/search-content-worker.ts', import.meta.url),
    audit,
  };
  const server = new AirlockSocketServer({ core, dataDir: sandbox.dataDir, approver: approvals });
  await server.listen();
  return {
    approvals,
    auditFile: audit.file,
    async close() {
      approvals.close();
      await server.close();
      audit.close();
    },
  };
}

/** The folder asks before deleting, moving or replacing; its file is there to delete. */
async function sharedFolderAskingFirst(sandbox: Sandbox): Promise<void> {
  await writeFile(
    path.join(sandbox.dataDir, 'config.json'),
    JSON.stringify({ workspaces: [{ path: sandbox.ws, access: 'write', askBefore: 'replacing' }] }),
  );
}

async function waitForRequest(approvals: ApprovalService): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [request] = approvals.view().pending;
    if (request) return request.id;
    if (Date.now() > deadline) throw new Error('no request reached the app');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe('a standalone stdio server asks the running app before a change', () => {
  let sandbox: Sandbox;
  let app: FakeApp | undefined;
  let agent: RunningServer;

  before(async () => {
    sandbox = await makeSandbox();
    await sharedFolderAskingFirst(sandbox);
    app = await startApp(sandbox);
    // No --workspace: the saved folder, with what it asks before.
    agent = await startServer({ workspaces: [], dataDir: sandbox.dataDir, home: sandbox.home });
  });
  after(async () => {
    await agent?.close();
    await app?.close();
    await sandbox?.cleanup();
  });

  it('holds a delete until the person allows it in the app, then deletes', async () => {
    const file = await sandbox.file(sandbox.ws, 'old-draft.txt', 'draft\n');
    const result = call(agent.client, 'delete_file', { path: 'old-draft.txt' }, 60_000);
    const id = await waitForRequest(app!.approvals);
    const [request] = app!.approvals.view().pending;
    assert.equal(request?.tool, 'delete_file');
    assert.equal(request?.action, 'delete');
    assert.equal(request?.path, file);
    assert.deepEqual(request?.requester, { client: 'airlock-test-v2 0.0.0', transport: 'stdio' });
    assert.ok(await exists(file), 'nothing is deleted before the OK');
    await app!.approvals.decide(id, 'allow-once');
    const answer = await result;
    assert.notEqual(answer.isError, true, textOf(answer));
    assert.equal(await exists(file), false);
  });

  it('refuses a replacement the person denies, and the app records no content', async () => {
    const file = await sandbox.file(sandbox.ws, 'keep.txt', "the person's words\n");
    const replacement = `the agent's replacement ${Date.now()}\n`;
    const result = call(
      agent.client,
      'write_file',
      { path: 'keep.txt', content: replacement },
      60_000,
    );
    const id = await waitForRequest(app!.approvals);
    assert.equal(app!.approvals.view().pending[0]?.preview.kind, 'diff');
    await app!.approvals.decide(id, 'deny');
    const answer: CallToolResult = await result;
    assert.equal(answer.isError, true);
    assert.match(textOf(answer), new RegExp(REFUSAL_MESSAGES.denied.replace('.', '\\.')));
    assert.equal(await readFile(file, 'utf8'), "the person's words\n");
    const records = await readFile(app!.auditFile, 'utf8');
    assert.match(records, /"event":"approval"/);
    assert.ok(!records.includes(replacement.trim()), "the new content is not in the app's records");
  });

  it('with the app closed, refuses the change: "Open Airlock to approve changes in this folder."', async () => {
    await app!.close();
    app = undefined;
    const file = await sandbox.file(sandbox.ws, 'still-here.txt', 'here\n');
    const answer = await call(agent.client, 'delete_file', { path: 'still-here.txt' });
    assert.equal(answer.isError, true);
    assert.match(textOf(answer), /Open Airlock to approve changes in this folder\./);
    assert.ok(await exists(file));
  });

  it('still makes changes that need no OK (a new file) without asking', async () => {
    const answer = await call(agent.client, 'write_file', { path: 'new.txt', content: 'new\n' });
    assert.notEqual(answer.isError, true, textOf(answer));
    assert.equal(await readFile(path.join(sandbox.ws, 'new.txt'), 'utf8'), 'new\n');
  });
});

describe('`airlock serve --socket` is no app to ask', () => {
  let sandbox: Sandbox;
  let socketServer: RunningCli;
  let standalone: RunningServer;

  before(async () => {
    sandbox = await makeSandbox();
    await sharedFolderAskingFirst(sandbox);
    await sandbox.file(sandbox.ws, 'old-draft.txt', 'draft\n');
    socketServer = await startCli(
      {
        args: [CLI_PATH, 'serve', '--socket', '--data-dir', sandbox.dataDir],
        env: cliTestEnv(sandbox.home, 'airlock-test-socket'),
        cwd: sandbox.home,
      },
      /^airlock: listening on (.+)$/m,
      15_000,
    );
    standalone = await startServer({
      workspaces: [],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
  });
  after(async () => {
    await standalone?.close();
    await socketServer?.stop();
    await sandbox?.cleanup();
  });

  it("refuses a bridged client's change that needs the person's OK", async () => {
    const token = (await readFile(path.join(sandbox.dataDir, BRIDGE_TOKEN_FILE), 'utf8')).trim();
    const bridged = await connectSdkClient(socketServer.ready[1] ?? '', token, 'Claude Desktop');
    try {
      const answer = await call(bridged, 'delete_file', { path: 'old-draft.txt' });
      assert.equal(answer.isError, true);
      assert.match(textOf(answer), /Open Airlock to approve changes in this folder\./);
    } finally {
      await bridged.close();
    }
    assert.ok(await exists(path.join(sandbox.ws, 'old-draft.txt')));
  });

  it('answers a standalone server that asks it: no app, so the change is refused', async () => {
    const answer = await call(standalone.client, 'delete_file', { path: 'old-draft.txt' });
    assert.equal(answer.isError, true);
    assert.match(textOf(answer), /Open Airlock to approve changes in this folder\./);
    assert.ok(await exists(path.join(sandbox.ws, 'old-draft.txt')));
  });
});
