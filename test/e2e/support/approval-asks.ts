import path from 'node:path';
import type { ApprovalAsk } from '../../../main/core/approvals/approval-ask.ts';
import { callKey } from '../../../main/core/approvals/canonical-call.ts';
import { unifiedDiff } from '../../../main/core/tools/unified-diff.ts';
import type { ChangePreview, Requester } from '../../../preload/contract/approval-views.ts';

/**
 * Changes an agent asks the person's OK for, built as the change gate builds them for a
 * call (who, which folder, the call's arguments and key, what the person will see), for
 * the harness to ask the app's approvals with.
 */
export class AskMaker {
  readonly #workspace: string;
  readonly #requester: Requester;
  #calls = 0;

  constructor(workspace: string, requester: Requester) {
    this.#workspace = workspace;
    this.#requester = requester;
  }

  /** The same maker for another app. */
  as(requester: Requester): AskMaker {
    return new AskMaker(this.#workspace, requester);
  }

  /** edit_file: the text before and after, shown as a diff. */
  edit(name: string, before: string, after: string): ApprovalAsk {
    const file = this.#at(name);
    return this.#ask(
      'edit_file',
      { path: file, edits: [{ oldText: before, newText: after }] },
      {
        action: 'edit',
        path: file,
        launchPoint: false,
        preview: {
          kind: 'diff',
          diff: unifiedDiff(file, before, after),
          truncated: false,
          beforeBytes: Buffer.byteLength(before),
          afterBytes: Buffer.byteLength(after),
        },
        undoable: true,
      },
    );
  }

  /** write_file of a new text file: its first lines. */
  create(name: string, content: string): ApprovalAsk {
    const file = this.#at(name);
    return this.#ask(
      'write_file',
      { path: file, content },
      {
        action: 'create',
        path: file,
        launchPoint: false,
        preview: {
          kind: 'first-lines',
          text: content,
          truncated: false,
          afterBytes: Buffer.byteLength(content),
        },
        undoable: true,
      },
    );
  }

  /** delete_file of a file, shown by its type and size. */
  deleteFile(name: string, mediaType = 'application/pdf', bytes = 48_213): ApprovalAsk {
    const file = this.#at(name);
    return this.#ask(
      'delete_file',
      { path: file },
      {
        action: 'delete',
        path: file,
        launchPoint: false,
        preview: { kind: 'sizes', mediaType, beforeBytes: bytes },
        undoable: true,
      },
    );
  }

  /** delete_file of a folder: how much is in it, and its first names. */
  deleteFolder(name: string, sample: string[], bytes: number): ApprovalAsk {
    const folder = this.#at(name);
    return this.#ask(
      'delete_file',
      { path: folder, recursive: true },
      {
        action: 'delete',
        path: folder,
        launchPoint: false,
        preview: {
          kind: 'folder',
          files: sample.length,
          folders: 0,
          bytes,
          sample,
          atLeast: false,
        },
        undoable: true,
      },
    );
  }

  /** write_file over a file that can make programs run: asked one at a time. */
  replaceLaunchPoint(name: string, before: string, after: string): ApprovalAsk {
    const file = this.#at(name);
    return this.#ask(
      'write_file',
      { path: file, content: after },
      {
        action: 'replace',
        path: file,
        launchPoint: true,
        preview: {
          kind: 'diff',
          diff: unifiedDiff(file, before, after),
          truncated: false,
          beforeBytes: Buffer.byteLength(before),
          afterBytes: Buffer.byteLength(after),
        },
        undoable: true,
      },
    );
  }

  #at(name: string): string {
    return path.join(this.#workspace, name);
  }

  #ask(
    tool: string,
    args: Record<string, unknown>,
    change: Pick<ApprovalAsk, 'action' | 'path' | 'launchPoint' | 'undoable'> & {
      preview: ChangePreview;
    },
  ): ApprovalAsk {
    this.#calls += 1;
    return {
      requester: this.#requester,
      workspace: this.#workspace,
      tool,
      args,
      callKey: callKey(this.#requester, tool, args),
      correlationId: `c0ffee${String(this.#calls).padStart(6, '0')}`,
      ...change,
    };
  }
}
