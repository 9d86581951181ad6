// The running app answers a standalone server's ask on its local socket with its own
// approvals: the request waits in the app (where the window shows it) for the person.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ApprovalAsk } from '../../../../main/core/approvals/approval-ask.ts';
import { callKey } from '../../../../main/core/approvals/canonical-call.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { SocketApprover } from '../../../../main/core/socket/socket-approver.ts';
import { writeConfig } from '../../settings/settings-fixture.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';

const REQUESTER = { client: 'Claude Code', transport: 'stdio' } as const;

function deleteAsk(folder: string): ApprovalAsk {
  const args = { path: 'draft.txt', recursive: false };
  return {
    requester: REQUESTER,
    workspace: folder,
    tool: 'delete_file',
    args,
    callKey: callKey(REQUESTER, 'delete_file', args),
    correlationId: 'abcdef012345',
    action: 'delete',
    path: path.join(folder, 'draft.txt'),
    launchPoint: false,
    preview: { kind: 'sizes', mediaType: 'text/plain', beforeBytes: 6 },
    undoable: true,
  };
}

describe("the app's socket, asked by a standalone server", () => {
  let sandbox: AppSandbox;
  let app: AirlockApp;
  beforeEach(async () => {
    sandbox = await makeAppSandbox();
    await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
    await writeConfig(sandbox.dataDir, {
      workspaces: [{ path: sandbox.folderA, access: 'write', askBefore: 'replacing' }],
    });
    app = await sandbox.start();
  });
  afterEach(() => sandbox.cleanup());

  it("puts the request in the app's approvals and passes the person's answer back", async () => {
    const standalone = new SocketApprover(sandbox.dataDir);
    const verdict = standalone.ask(deleteAsk(sandbox.folderA), new AbortController().signal);
    await eventually(
      () => app.approvals.view().pending.length === 1,
      'the request reaches the app',
    );
    const [request] = app.approvals.view().pending;
    assert.equal(request?.tool, 'delete_file');
    assert.deepEqual(request?.requester, REQUESTER);
    await app.approvals.decide(request!.id, 'allow-once');
    assert.deepEqual(await verdict, { granted: true, approvalId: request!.id, scope: 'once' });
  });

  it('answers a standalone still waiting when the app quits: no app to ask', async () => {
    const standalone = new SocketApprover(sandbox.dataDir);
    const verdict = standalone.ask(deleteAsk(sandbox.folderA), new AbortController().signal);
    await eventually(
      () => app.approvals.view().pending.length === 1,
      'the request reaches the app',
    );
    await app.stop();
    assert.deepEqual(await verdict, { granted: false, refusal: 'no_app' });
  });
});
