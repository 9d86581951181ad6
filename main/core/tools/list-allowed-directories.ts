import { z } from 'zod';
import { readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';
import { WorkspaceAccessSchema } from '../../../preload/contract/vocabulary.ts';

export const listAllowedDirectories = defineTool({
  name: 'list_allowed_directories',
  title: 'List allowed directories',
  description:
    'List the folders the person shared with you through Airlock, and whether each can be changed. Every path you use must be inside one of them.',
  inputSchema: z.object({}),
  outputSchema: z.object({
    directories: z.array(z.object({ path: z.string(), access: WorkspaceAccessSchema })),
  }),
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
