// What the system notification says of a change waiting for the person's OK, and which
// requests count as new: each is announced once, however its calls merge or it leaves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvalAlertText, ArrivalWatch } from '../../../main/core/app/approval-alert.ts';
import type {
  ApprovalRequestView,
  ApprovalsView,
} from '../../../preload/contract/approval-views.ts';

function request(id: string, change: Partial<ApprovalRequestView> = {}): ApprovalRequestView {
  return {
    id,
    requester: { client: 'Claude Desktop', transport: 'socket' },
    workspace: '/home/ann/Taxes 2024',
    tool: 'delete_file',
    action: 'delete',
    path: '/home/ann/Taxes 2024/report.pdf',
    launchPoint: false,
    preview: { kind: 'nothing' },
    undoable: true,
    askedAt: 0,
    expiresAt: 600_000,
    calls: 1,
    ...change,
  };
}

const viewOf = (...pending: ApprovalRequestView[]): ApprovalsView => ({ pending, standing: [] });

describe('the notification of a change waiting for your OK', () => {
  it('names the app, the change and the folder, and says what to do', () => {
    assert.deepEqual(approvalAlertText(request('aaaaaaaaaaaa'), 1), {
      title: 'Claude Desktop asks to delete report.pdf',
      body: 'In the folder Taxes 2024. Open Airlock to allow or deny it.',
    });
  });

  it('names the app without the version its MCP client gives, as the window does', () => {
    const versioned = request('aaaaaaaaaaaa', {
      requester: { client: 'Claude Desktop 0.14.2', transport: 'socket' },
    });
    assert.equal(approvalAlertText(versioned, 1).title, 'Claude Desktop asks to delete report.pdf');
  });

  it('says where a move goes, and how many changes wait', () => {
    const move = request('aaaaaaaaaaaa', {
      action: 'move',
      path: '/home/ann/Taxes 2024/a.txt',
      destination: '/home/ann/Taxes 2024/old/b.txt',
    });
    const text = approvalAlertText(move, 3);
    assert.equal(text.title, 'Claude Desktop asks to move a.txt to b.txt');
    assert.match(text.body, / 3 changes waiting for your OK\.$/);
  });

  it('names a new folder as a folder, and an app that gave no name as "An app"', () => {
    const folder = request('aaaaaaaaaaaa', {
      action: 'create-folder',
      path: '/home/ann/Taxes 2024/Scans',
      requester: { client: '', transport: 'http', keyName: 'cursor' },
    });
    assert.equal(approvalAlertText(folder, 1).title, 'An app asks to create the folder Scans');
  });
});

describe('which requests are new', () => {
  it('tells a request once: not again when its calls merge, nor when another leaves', () => {
    const watch = new ArrivalWatch(viewOf(request('aaaaaaaaaaaa')));
    assert.deepEqual(watch.arrived(viewOf(request('aaaaaaaaaaaa', { calls: 2 }))), []);
    const second = request('bbbbbbbbbbbb');
    assert.deepEqual(watch.arrived(viewOf(request('aaaaaaaaaaaa'), second)), [second]);
    assert.deepEqual(watch.arrived(viewOf(second)), []);
    assert.deepEqual(watch.arrived(viewOf()), []);
  });
});
