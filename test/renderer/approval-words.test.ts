// What the window says of a change waiting for the person's OK: who asks what, where, what
// each answer lets happen, and what will change, in words a person reads without knowing
// paths, media types or diff syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  diffRows,
  folderContentWords,
  insideFolder,
  mediaWords,
  requestTitle,
  scopeWords,
  sizesWords,
  timeLeftWords,
  type ApprovalRequestView,
} from '../../renderer/screens/approvals/approval-words.ts';

function request(change: Partial<ApprovalRequestView> = {}): ApprovalRequestView {
  return {
    id: 'aaaaaaaaaaaa',
    requester: { client: 'Claude Desktop', transport: 'socket' },
    workspace: '/home/ann/Taxes 2024',
    tool: 'delete_file',
    action: 'delete',
    path: '/home/ann/Taxes 2024/Scans/report.pdf',
    launchPoint: false,
    preview: { kind: 'nothing' },
    undoable: true,
    askedAt: 0,
    expiresAt: 600_000,
    calls: 1,
    ...change,
  };
}

describe('who asks what', () => {
  it('names the app and the change by the item’s own name', () => {
    assert.equal(requestTitle(request()), 'Claude Desktop asks to delete report.pdf');
    assert.equal(
      requestTitle(request({ requester: { client: ' ', transport: 'http' } })),
      'An app asks to delete report.pdf',
    );
  });

  it('shows an item by its place in the folder, never outside it by a look-alike prefix', () => {
    assert.equal(
      insideFolder('/home/ann/Taxes 2024/Scans/a.pdf', '/home/ann/Taxes 2024'),
      'Scans/a.pdf',
    );
    assert.equal(insideFolder('C:\\Users\\ann\\Taxes\\a.pdf', 'C:\\Users\\ann\\Taxes'), 'a.pdf');
    assert.equal(
      insideFolder('/home/ann/Taxes 2024-old/a.pdf', '/home/ann/Taxes 2024'),
      '/home/ann/Taxes 2024-old/a.pdf',
    );
  });
});

describe('what each answer lets happen', () => {
  it('says Deny changes nothing, Allow once is this change only, and the hour names folder, end and the exception', () => {
    const now = Date.UTC(2026, 2, 4, 10, 0);
    assert.equal(
      scopeWords('deny', request(), now),
      'Claude Desktop is told you said no. Nothing changes.',
    );
    assert.equal(scopeWords('allow-once', request(), now), 'Only this change, this one time.');
    const hour = scopeWords('allow-hour', request(), now);
    assert.match(
      hour,
      /^Claude Desktop may change any file in Taxes 2024 without asking you, until /,
    );
    assert.match(
      hour,
      /Files that can make programs run still ask\. You can revoke this in Folders\.$/,
    );
  });

  it('says how long a permission has left', () => {
    assert.equal(timeLeftWords(52 * 60_000 + 5000, 0), '52 minutes');
    assert.equal(timeLeftWords(61_000, 0), '1 minute');
    assert.equal(timeLeftWords(30_000, 0), 'less than a minute');
  });
});

describe('what will happen', () => {
  it('reads a unified diff as its lines: header left out, parts apart, no newline note dropped', () => {
    const diff = [
      '--- /w/budget.txt\toriginal',
      '+++ /w/budget.txt\tmodified',
      '@@ -1,3 +1,3 @@',
      ' rent 900',
      '-food 300',
      '+food 450',
      '@@ -10,2 +10,2 @@',
      '--- a line that begins with dashes',
      '+++ and one with pluses',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    assert.deepEqual(diffRows(diff), [
      { op: 'same', text: 'rent 900' },
      { op: 'removed', text: 'food 300' },
      { op: 'added', text: 'food 450' },
      { op: 'gap' },
      { op: 'removed', text: '-- a line that begins with dashes' },
      { op: 'added', text: '++ and one with pluses' },
    ]);
  });

  it('names kinds of file in words', () => {
    assert.equal(mediaWords('application/pdf'), 'PDF document');
    assert.equal(mediaWords('image/png'), 'PNG picture');
    assert.equal(mediaWords('image/svg+xml'), 'SVG picture');
    assert.equal(mediaWords('text/plain; charset=utf-8'), 'Text file');
    assert.equal(mediaWords('application/octet-stream'), 'File');
    assert.equal(mediaWords('application/x-thing'), 'File (application/x-thing)');
  });

  it('gives a file’s sizes now and after, or the one side there is', () => {
    assert.equal(
      sizesWords({ kind: 'sizes', mediaType: 'image/png', beforeBytes: 2048, afterBytes: 13 }),
      '2 KB now, 13 bytes after',
    );
    assert.equal(sizesWords({ kind: 'sizes', mediaType: 'image/png', beforeBytes: 2048 }), '2 KB');
  });

  it('says how much a folder holds, and "at least" when counting stopped', () => {
    const folder = { kind: 'folder' as const, sample: [], atLeast: false };
    assert.equal(
      folderContentWords({ ...folder, files: 12, folders: 3, bytes: 1536 }),
      'It holds 12 files in 3 folders, 1.5 KB.',
    );
    assert.equal(
      folderContentWords({ ...folder, files: 1, folders: 0, bytes: 10, atLeast: true }),
      'It holds at least 1 file, at least 10 bytes.',
    );
    assert.equal(folderContentWords({ ...folder, files: 0, folders: 0, bytes: 0 }), 'It is empty.');
  });
});
