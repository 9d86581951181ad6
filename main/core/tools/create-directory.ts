import { lstat, mkdir } from 'node:fs/promises';
import nodePath from 'node:path';
import { z } from 'zod';
import { openVerified } from '../fs/verified-open.ts';
import type { FileAccess } from '../platform/file-access.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { describeChange, maybeChangeOutput, type ChangeData } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool, type ToolAnswer } from './tool-kit.ts';

/** What creating answers; a folder already there is no change. */
interface CreateData extends Partial<ChangeData> {
  readonly path: string;
  readonly created: string[];
}

export const createDirectory = defineTool({
  name: 'create_directory',
  title: 'Create directory',
  description: 'Create a folder and any missing above it; nothing if it exists.',
  inputSchema: z.object({ path: pathArgument }),
  outputSchema: maybeChangeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  run: async ({ path }, { policy, changes, approvals }): Promise<ToolAnswer<CreateData>> => {
    const lexical = policy.locate(path);
    // Find the deepest folder that exists, prove it is inside, then create below it one
    // level at a time, so no link planted on the way can redirect a new folder outside.
    const missing: string[] = [];
    let existing = lexical;
    while (!(await exists(existing))) {
      missing.unshift(nodePath.basename(existing));
      const parent = nodePath.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
    const base = await policy.resolveExisting(existing);
    const clearance = policy.assertMayChange(base, path);
    if (!(await lstat(base.real)).isDirectory()) {
      throw new PolicyError(
        'not_a_directory',
        `A file is in the way: ${base.real} is not a folder.`,
      );
    }
    const [topmost] = missing;
    if (topmost === undefined) {
      return {
        text: `${base.real} already exists.`,
        data: { path: base.real, created: [] },
      };
    }
    const top = await policy.resolveForCreate(nodePath.join(base.real, topmost));
    await approvals.approve({
      action: 'create-folder',
      clearance: {
        path: top,
        launchPoint: clearance.launchPoint || policy.isLaunchPoint(top.real),
      },
    });
    // Undoing it removes the highest folder it created, with the ones below.
    const change = await changes.beforeCreateDirectory(top);
    let created: string[];
    try {
      await change.recorded();
      created = await createBelow(base.real, missing, policy.fileAccess);
    } catch (error) {
      await change.settle().catch(() => undefined);
      throw error;
    }
    const final = await policy.resolveExisting(nodePath.join(base.real, ...missing));
    if (created.length === 0) {
      // Another process made them all meanwhile: this call changed nothing.
      await change.abandon();
      return { text: `${final.real} already exists.`, data: { path: final.real, created } };
    }
    const { data: changed, sentence } = describeChange(await change.finish());
    return {
      text: `Created ${final.real}. ${sentence}`,
      data: { path: final.real, created, ...changed },
    };
  },
});

/** Makes each missing level below `base`, each through its verified parent, so a swap cannot redirect it. */
async function createBelow(
  base: string,
  missing: readonly string[],
  access: FileAccess,
): Promise<string[]> {
  const created: string[] = [];
  let current = base;
  for (const name of missing) {
    const parent = await openVerified(current, 'folder', access);
    try {
      const made = await mkdir(parent.pathOf(name)).then(
        () => true,
        async (error: NodeJS.ErrnoException) => {
          const stats = error.code === 'EEXIST' ? await lstat(parent.pathOf(name)) : undefined;
          if (!stats?.isDirectory()) {
            throw new PolicyError(
              'changed_during_operation',
              'Something appeared where the folder was being created. Try again.',
            );
          }
          return false;
        },
      );
      current = nodePath.join(current, name);
      if (made) created.push(current);
    } finally {
      await parent.close();
    }
  }
  return created;
}

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}
