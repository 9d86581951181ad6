import { z } from 'zod';
import { WorkspaceViewSchema } from '../../main/core/app/app-status.ts';
import type { FolderChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

export const AccessSchema = z.enum(['read', 'write']);
export const FolderSchema = z.string().min(1).max(32_768);

export const foldersContract = {
  listWorkspaces: { request: z.undefined(), response: z.array(WorkspaceViewSchema) },
  /**
   * Opens the native folder picker in main: the window never names a path to add, so a
   * compromised page cannot grant itself a folder. `added` is null when the person cancels.
   */
  addWorkspace: {
    request: z.strictObject({ access: AccessSchema }),
    response: z.object({
      added: WorkspaceViewSchema.nullable(),
      workspaces: z.array(WorkspaceViewSchema),
    }),
  },
  removeWorkspace: {
    request: z.strictObject({ path: FolderSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  setWorkspaceAccess: {
    request: z.strictObject({ path: FolderSchema, access: AccessSchema }),
    response: z.array(WorkspaceViewSchema),
  },
} as const satisfies Record<FolderChannel, ChannelSchemas>;
