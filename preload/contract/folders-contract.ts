import { z } from 'zod';
import { WorkspaceViewSchema } from './status-views.ts';
import { FolderChoiceViewSchema, FoldersOverviewSchema } from './folder-views.ts';
import type { FolderChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { WorkspaceAccessSchema, WorkspacePathSchema } from './vocabulary.ts';

export const foldersContract = {
  listWorkspaces: { request: z.undefined(), response: z.array(WorkspaceViewSchema) },
  /** The Folders section's list: each folder with its risk and who can see it, and the guard. */
  listFolders: { request: z.undefined(), response: FoldersOverviewSchema },
  /**
   * Opens the native folder picker in main, which remembers the folder under a one-time
   * id: the window never names a path to add, so a compromised page cannot grant itself a
   * folder. Null when the person cancels.
   */
  chooseFolder: { request: z.undefined(), response: FolderChoiceViewSchema.nullable() },
  /** Shares the folder behind a chooseFolder id; a risky one needs `acceptRisk`. */
  addWorkspace: {
    request: z.strictObject({
      choice: z.string().min(1).max(64),
      access: WorkspaceAccessSchema,
      acceptRisk: z.boolean().default(false),
    }),
    response: z.object({
      added: WorkspaceViewSchema,
      workspaces: z.array(WorkspaceViewSchema),
    }),
  },
  removeWorkspace: {
    request: z.strictObject({ path: WorkspacePathSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  setWorkspaceAccess: {
    request: z.strictObject({ path: WorkspacePathSchema, access: WorkspaceAccessSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  /** Whether the first run was finished or skipped before (saved in the settings). */
  getFirstRun: { request: z.undefined(), response: z.object({ done: z.boolean() }) },
  /** Remembers that the first run is over, so it does not come back at the next opening. */
  finishFirstRun: { request: z.undefined(), response: z.object({ done: z.literal(true) }) },
} as const satisfies Record<FolderChannel, ChannelSchemas>;
