import { lstat, mkdir } from 'node:fs/promises';
import nodePath from 'node:path';
import { z } from 'zod';
import { openVerified } from '../fs/verified-open.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const createDirectory = defineTool({
  name: 'create_directory',
  title: 'Create directory',
  description:
    'Create a folder, and any missing folders above it. Does nothing if the folder already exists.',
  inputSchema: z.object({ path: pathArgument }),
  outputSchema: z.object({ path: z.string(), created: z.array(z.string()) }),
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  run: async ({ path }, { policy }) => {
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
    policy.assertMayChange(base, path);
    if (!(await lstat(base.real)).isDirectory()) {
      throw new PolicyError(
        'not_a_directory',
        `A file is in the way: ${base.real} is not a folder.`,
      );
    }
    const created: string[] = [];
    let current = base.real;
    for (const name of missing) {
      // Each level is made through its verified parent, so a swap cannot redirect it.
      const parent = await openVerified(current, 'folder', pooledFileAccess);
      try {
        await mkdir(parent.pathOf(name)).catch(async (error: NodeJS.ErrnoException) => {
          const stats = error.code === 'EEXIST' ? await lstat(parent.pathOf(name)) : undefined;
          if (!stats?.isDirectory()) {
            throw new PolicyError(
              'changed_during_operation',
              'Something appeared where the folder was being created. Try again.',
            );
          }
        });
      } finally {
        await parent.close();
      }
      current = nodePath.join(current, name);
      created.push(current);
    }
    const final = await policy.resolveExisting(nodePath.join(base.real, ...missing));
    return {
      text: created.length ? `Created ${final.real}.` : `${final.real} already exists.`,
      data: { path: final.real, created },
    };
  },
});

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}
