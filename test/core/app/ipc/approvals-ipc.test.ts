// The approvals channels on a real app: a change waiting for the person's OK is listed, in
// the status's count and in an approvalsChanged event; each answer reaches the waiting call
// and is refused with the window's codes when it cannot be given; a standing permission is
// revoked; and "Ask me first" is chosen per folder, saved and recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forwardIpcEvents } from '../../../../main/core/app/ipc/ipc-events.ts';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import type { ApprovalAsk } from '../../../../main/core/approvals/approval-ask.ts';
import type { ApprovalsView } from '../../../../preload/contract/approval-views.ts';
import { APPROVAL_CHANNELS } from '../../../../preload/ipc-channels.ts';
import { deleteAsk as deleteAskIn } from '../../../helpers/approval-asks.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
const sent: ApprovalsView[] = [];
let stopForwarding: () => void;

/** Deleting `name` in the shared folder, asked by Claude Desktop. */
const deleteAsk = (name: string, options: Partial<ApprovalAsk> = {}): ApprovalAsk =>
  deleteAskIn(sandbox.folderA, name, options);

before(async () => {
  sandbox = await makeAppSandbox();
  ({ app, handlers } = await startHandlers(sandbox, {
    config: { http: { port: 0 }, workspaces: [{ path: sandbox.folderA, access: 'write' }] },
  }));
  stopForwarding = forwardIpcEvents({ app }, (event, payload) => {
    if (event === 'approvalsChanged') sent.push(payload as ApprovalsView);
  });
});
after(async () => {
  stopForwarding();
  await sandbox.cleanup();
});

/** A delete in folder A, as the change gate asks about it. */

/** Asks, and resolves once the request is in the window's list; `verdict` is the call's answer. */
async function waitingRequest(ask: ApprovalAsk) {
  const verdict = app.approvals.ask(ask, new AbortController().signal);
  await eventually(
    async () => data(await handlers.listApprovals(undefined)).pending.length > 0,
    'the request is listed',
  );
  const [request] = data(await handlers.listApprovals(undefined)).pending;
  assert.ok(request);
  return { request, verdict };
}

describe('approvals over IPC', () => {
  it('has a handler for every approvals channel', () => {
    for (const channel of APPROVAL_CHANNELS) assert.equal(typeof handlers[channel], 'function');
  });

  it('lists a waiting request with what the window shows, counts it in the status, and sends it', async () => {
    const { request, verdict } = await waitingRequest(deleteAsk('report.pdf'));
    assert.equal(request.requester.client, 'Claude Desktop');
    assert.equal(request.workspace, sandbox.folderA);
    assert.equal(request.action, 'delete');
    assert.equal(request.undoable, true);
    assert.deepEqual(request.preview, {
      kind: 'sizes',
      mediaType: 'application/pdf',
      beforeBytes: 2048,
    });
    assert.equal(app.status().approvalsWaiting, 1);
    assert.equal(data(await handlers.getStatus(undefined)).approvalsWaiting, 1);
    assert.ok(sent.some((view) => view.pending.some((one) => one.id === request.id)));

    const after = data(await handlers.decideApproval({ id: request.id, decision: 'allow-once' }));
    assert.deepEqual(after.pending, []);
    assert.deepEqual(await verdict, { granted: true, approvalId: request.id, scope: 'once' });
    assert.equal(app.status().approvalsWaiting, 0);
    assert.deepEqual(sent.at(-1)?.pending, []);
  });

  it('tells the call the person declined, and refuses a second answer as no longer waiting', async () => {
    const { request, verdict } = await waitingRequest(deleteAsk('old.pdf'));
    data(await handlers.decideApproval({ id: request.id, decision: 'deny' }));
    assert.deepEqual(await verdict, {
      granted: false,
      refusal: 'denied',
      approvalId: request.id,
    });
    const late = refusal(await handlers.decideApproval({ id: request.id, decision: 'allow-once' }));
    assert.equal(late.code, 'not_found');
    assert.match(late.message, /no longer waiting/);
  });

  it('never allows a launch point for an hour, and the request keeps waiting', async () => {
    const { request, verdict } = await waitingRequest(
      deleteAsk('.bashrc', { launchPoint: true, tool: 'write_file', action: 'replace' }),
    );
    const refused = refusal(
      await handlers.decideApproval({ id: request.id, decision: 'allow-hour' }),
    );
    assert.equal(refused.code, 'invalid_request');
    assert.match(refused.message, /one at a time/);
    assert.equal(data(await handlers.listApprovals(undefined)).pending.length, 1);
    data(await handlers.decideApproval({ id: request.id, decision: 'deny' }));
    assert.equal((await verdict).granted, false);
  });

  it('lists a standing permission after "for 1 hour", lets the next change through, and revokes it', async () => {
    const { request, verdict } = await waitingRequest(deleteAsk('a.pdf'));
    const view = data(await handlers.decideApproval({ id: request.id, decision: 'allow-hour' }));
    assert.deepEqual(await verdict, { granted: true, approvalId: request.id, scope: 'hour' });
    const [standing] = view.standing;
    assert.ok(standing);
    assert.equal(standing.workspace, sandbox.folderA);
    assert.equal(standing.requester.client, 'Claude Desktop');
    assert.ok(standing.expiresAt - standing.grantedAt >= 59 * 60_000);
    const next = await app.approvals.ask(deleteAsk('b.pdf'), new AbortController().signal);
    assert.equal(next.granted, true);

    const revoked = data(await handlers.revokeAllow({ id: standing.id }));
    assert.deepEqual(revoked.standing, []);
    assert.equal(refusal(await handlers.revokeAllow({ id: standing.id })).code, 'not_found');
    // Asked again, now that the permission is gone.
    const { request: again } = await waitingRequest(deleteAsk('c.pdf'));
    data(await handlers.decideApproval({ id: again.id, decision: 'deny' }));
  });

  it('refuses an answer that is not one of the three, or an id that is not one', async () => {
    assert.equal(
      refusal(
        await handlers.decideApproval({ id: 'abcdef012345', decision: 'allow-forever' } as never),
      ).code,
      'invalid_request',
    );
    assert.equal(
      refusal(await handlers.decideApproval({ id: '../x', decision: 'deny' })).code,
      'invalid_request',
    );
  });
});

describe('"Ask me first" per folder over IPC', () => {
  it('saves the choice, shows it in the folder list, and records it', async () => {
    const workspaces = data(
      await handlers.setWorkspaceAskBefore({ path: sandbox.folderA, askBefore: 'every-change' }),
    );
    assert.equal(workspaces[0]?.askBefore, 'every-change');
    assert.equal(app.settings.settings.workspaces[0]?.askBefore, 'every-change');
    assert.equal(app.status().workspaces[0]?.askBefore, 'every-change');
    await eventually(
      async () =>
        data(await handlers.queryActivity({ filters: { text: 'Folder approvals changed' } }))
          .totalMatched > 0,
      'the change is recorded',
    );
  });

  it('refuses a folder that is not shared, and a choice that is not one of the three', async () => {
    assert.equal(
      refusal(await handlers.setWorkspaceAskBefore({ path: sandbox.folderB, askBefore: 'nothing' }))
        .code,
      'not_found',
    );
    assert.equal(
      refusal(
        await handlers.setWorkspaceAskBefore({
          path: sandbox.folderA,
          askBefore: 'never',
        } as never),
      ).code,
      'invalid_request',
    );
  });
});
