import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const getFileInfo = defineTool({
  name: 'get_file_info',
  title: 'Get file info',
  description:
    'Size in bytes, dates, type and permissions of a file or folder, without reading it.',
  inputSchema: z.object({ path: pathArgument }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path }, { policy }) => {
    const resolved = await policy.resolveExisting(path);
    const stats = await lstat(resolved.real);
    const data = {
      path: resolved.real,
      type: stats.isDirectory()
        ? ('directory' as const)
        : stats.isFile()
          ? ('file' as const)
          : ('other' as const),
      size: stats.size,
      created: stats.birthtime.toISOString(),
      modified: stats.mtime.toISOString(),
      accessed: stats.atime.toISOString(),
      permissions: (stats.mode & 0o777).toString(8).padStart(3, '0'),
      writable: resolved.workspace.access === 'write',
    };
    const text = Object.entries(data)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join('\n');
    return { text, data };
  },
});
