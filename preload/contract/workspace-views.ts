import { z } from 'zod';
import { WorkspaceViewSchema } from './status-views.ts';
import { WorkspaceAccessSchema } from './vocabulary.ts';

// What the Folders section and the first run show of the workspaces: main builds these from
// the policy's judgement of each folder and from the keys that reach it.

/**
 * Why sharing a folder may give an agent far more than the person means to:
 * - home: the home folder itself;
 * - contains-home: a folder around it, or around everyone's (`/Users`, `C:\Users`);
 * - drive: a whole drive or volume (`/`, `C:\`, `/Volumes/Backup`, `/media/me/USB`);
 * - system: a folder of the operating system or its apps (`/etc`, `C:\Windows`), or inside one;
 * - secrets: a folder that holds keys and passwords (`~/.ssh`, `~/.aws`);
 * - app-data: the folder where apps keep their data (`~/Library`, `~\AppData`).
 */
export const WORKSPACE_RISK_KINDS = [
  'home',
  'contains-home',
  'drive',
  'system',
  'secrets',
  'app-data',
] as const;
export type WorkspaceRiskKind = (typeof WORKSPACE_RISK_KINDS)[number];

export const WorkspaceRiskSchema = z.object({
  kind: z.enum(WORKSPACE_RISK_KINDS),
  title: z.string(),
  explanation: z.string(),
});

/** A folder the person picked to become a workspace, not shared yet, remembered in main under `id`. */
export const WorkspaceChoiceViewSchema = z.object({
  /** One-time and short-lived: addWorkspace takes it instead of a path. */
  id: z.string(),
  path: z.string(),
  /** Why sharing it is risky; the window asks for confirmation first. */
  risk: WorkspaceRiskSchema.nullable(),
});

/** Who can see a workspace: apps on the local connection, and keys whose scope reaches it. */
export const WorkspaceViewerSchema = z.discriminatedUnion('kind', [
  /** Every app connected through the local socket (the bridge), which serves every workspace. */
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('key'),
    name: z.string(),
    /** The lesser of the key's access and the workspace's. */
    access: WorkspaceAccessSchema,
    /** True when the key reaches only a folder inside this workspace. */
    part: z.boolean(),
  }),
]);

/** A workspace with what the Folders section shows beside it: its risk, and who can see it. */
export const WorkspaceDetailsSchema = WorkspaceViewSchema.extend({
  risk: WorkspaceRiskSchema.nullable(),
  visibleTo: z.array(WorkspaceViewerSchema),
});

export const GuardSummarySchema = z.object({
  enabled: z.boolean(),
  tone: z.enum(['ok', 'warning']),
  text: z.string(),
  hidden: z.array(z.string()),
});

export const WorkspacesOverviewSchema = z.object({
  workspaces: z.array(WorkspaceDetailsSchema),
  /** The sensitive-file guard applies to every workspace alike. */
  guard: GuardSummarySchema,
  /** Set when the list of keys could not be read: keys are then missing from `visibleTo`. */
  keysProblem: z.string().nullable(),
});

export type WorkspaceChoiceView = z.infer<typeof WorkspaceChoiceViewSchema>;
export type WorkspaceViewer = z.infer<typeof WorkspaceViewerSchema>;
export type WorkspaceDetails = z.infer<typeof WorkspaceDetailsSchema>;
export type WorkspacesOverview = z.infer<typeof WorkspacesOverviewSchema>;
