import { z } from 'zod';
import { readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const listAllowedDirectories = defineTool({
  name: 'list_allowed_directories',
  title: 'List allowed directories',
  description:
    'The folders shared with you, and which you may change. Every path argument is absolute inside one of them, or relative to the first.',
  inputSchema: z.object({}),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async (_input, { policy }) => {
    const directories = policy.workspaces.map((workspace) => ({
      path: workspace.root,
      access: workspace.access,
    }));
    const lines = directories.map(
      (entry) => `${entry.path} (${entry.access === 'write' ? 'can read and change' : 'can read'})`,
    );
    return { text: `Allowed directories:\n${lines.join('\n')}`, data: { directories } };
  },
});
