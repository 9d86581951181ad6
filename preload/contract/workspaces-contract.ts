import { z } from 'zod';
import { AskBeforeSchema } from './approval-views.ts';
import { WorkspaceViewSchema } from './status-views.ts';
import { WorkspaceChoiceViewSchema, WorkspacesOverviewSchema } from './workspace-views.ts';
import type { WorkspaceChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { WorkspaceAccessSchema, WorkspacePathSchema } from './vocabulary.ts';

export const workspacesContract = {
  /** The workspaces alone: path, access and whether each is there now. */
  listWorkspaces: { request: z.undefined(), response: z.array(WorkspaceViewSchema) },
  /** The Folders section's list: each workspace with its risk and who can see it, and the guard. */
  listWorkspaceDetails: { request: z.undefined(), response: WorkspacesOverviewSchema },
  /**
   * Opens the native folder picker in main for a folder that is not a workspace yet, and
   * remembers it under a one-time id: the window never names a path to add, so a
   * compromised page cannot grant itself a folder. Null when the person cancels.
   */
  pickNewWorkspace: { request: z.undefined(), response: WorkspaceChoiceViewSchema.nullable() },
  /** Shares the folder behind a pickNewWorkspace id; a risky one needs `acceptRisk`. */
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
  /** Which of an agent's changes in the workspace wait for the person's OK. */
  setWorkspaceAskBefore: {
    request: z.strictObject({ path: WorkspacePathSchema, askBefore: AskBeforeSchema }),
    response: z.array(WorkspaceViewSchema),
  },
  /** Whether agents see placeholders instead of the passwords and keys inside the workspace's files. */
  setWorkspaceMaskSecrets: {
    request: z.strictObject({ path: WorkspacePathSchema, maskSecrets: z.boolean() }),
    response: z.array(WorkspaceViewSchema),
  },
  /** Whether the first run was finished or skipped before (saved in the settings). */
  getFirstRun: { request: z.undefined(), response: z.object({ done: z.boolean() }) },
  /** Remembers that the first run is over, so it does not come back at the next opening. */
  finishFirstRun: { request: z.undefined(), response: z.object({ done: z.literal(true) }) },
} as const satisfies Record<WorkspaceChannel, ChannelSchemas>;
