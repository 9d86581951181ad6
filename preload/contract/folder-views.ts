import { z } from 'zod';
import { WorkspaceViewSchema } from './status-views.ts';
import { WorkspaceAccessSchema } from './vocabulary.ts';

// What the Folders section and the first run show: main builds these from the policy's
// judgement of each folder and from the keys that reach it.

/**
 * Why sharing a folder may give an agent far more than the person means to:
 * - home: the home folder itself;
 * - contains-home: a folder around it, or around everyone's (`/Users`, `C:\Users`);
 * - drive: a whole drive or volume (`/`, `C:\`, `/Volumes/Backup`, `/media/me/USB`);
 * - system: a folder of the operating system or its apps (`/etc`, `C:\Windows`), or inside one;
 * - secrets: a folder that holds keys and passwords (`~/.ssh`, `~/.aws`);
 * - app-data: the folder where apps keep their data (`~/Library`, `~\AppData`).
 */
export const FOLDER_RISK_KINDS = [
  'home',
  'contains-home',
  'drive',
  'system',
  'secrets',
  'app-data',
] as const;
export type FolderRiskKind = (typeof FOLDER_RISK_KINDS)[number];

export const FolderRiskSchema = z.object({
  kind: z.enum(FOLDER_RISK_KINDS),
  title: z.string(),
  explanation: z.string(),
});

/** A folder the person picked and has not shared yet, remembered in main under `id`. */
export const FolderChoiceViewSchema = z.object({
  /** One-time and short-lived: addWorkspace takes it instead of a path. */
  id: z.string(),
  path: z.string(),
  /** Why sharing it is risky; the window asks for confirmation first. */
  risk: FolderRiskSchema.nullable(),
});

/** Who can see a shared folder: apps on the local connection, and keys whose scope reaches it. */
export const FolderViewerSchema = z.discriminatedUnion('kind', [
  /** Every app connected through the local socket (the bridge), which serves every folder. */
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('key'),
    name: z.string(),
    /** The lesser of the key's access and the folder's. */
    access: WorkspaceAccessSchema,
    /** True when the key reaches only a folder inside this one. */
    part: z.boolean(),
  }),
]);

export const FolderDetailsSchema = WorkspaceViewSchema.extend({
  risk: FolderRiskSchema.nullable(),
  visibleTo: z.array(FolderViewerSchema),
});

export const GuardSummarySchema = z.object({
  enabled: z.boolean(),
  tone: z.enum(['ok', 'warning']),
  text: z.string(),
  hidden: z.array(z.string()),
});

export const FoldersOverviewSchema = z.object({
  folders: z.array(FolderDetailsSchema),
  /** The sensitive-file guard applies to every folder alike. */
  guard: GuardSummarySchema,
  /** Set when the list of keys could not be read: keys are then missing from `visibleTo`. */
  keysProblem: z.string().nullable(),
});

export type FolderChoiceView = z.infer<typeof FolderChoiceViewSchema>;
export type FolderViewer = z.infer<typeof FolderViewerSchema>;
export type FolderDetails = z.infer<typeof FolderDetailsSchema>;
export type FoldersOverview = z.infer<typeof FoldersOverviewSchema>;
