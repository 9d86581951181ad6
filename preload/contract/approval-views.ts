import { z } from 'zod';
import { CHANGE_ACTIONS, type ChangeAction } from './words/approval-words.ts';

// Approvals: a change an agent asks to make waits for the person's OK in Airlock's window,
// where the person chose "ask me". These are the words the settings, the window, the
// socket between a standalone server and the app, and the audit log share.

/** Per workspace: which of an agent's changes wait for the person's OK. */
export const ASK_BEFORE = ['nothing', 'replacing', 'every-change'] as const;
export const AskBeforeSchema = z.enum(ASK_BEFORE);
export type AskBefore = (typeof ASK_BEFORE)[number];

/** What a folder the person adds in the window asks before, until they choose otherwise. */
export const ASK_BEFORE_FOR_NEW_FOLDERS: AskBefore = 'replacing';

/** Launch points as a family: an agent may never change them, or only with the person's OK. */
export const LAUNCH_POINT_CHANGES = ['never', 'ask'] as const;
export const LaunchPointChangesSchema = z.enum(LAUNCH_POINT_CHANGES);
export type LaunchPointChanges = (typeof LAUNCH_POINT_CHANGES)[number];

/** What a change does: listed with the words the window takes as values, which say each. */
export { CHANGE_ACTIONS, type ChangeAction };
export const ChangeActionSchema = z.enum(CHANGE_ACTIONS);

/** How long Airlock holds an agent's call, and keeps its request, waiting for the person. */
export const ApprovalSettingsSchema = z.object({
  /** The call waits this long; clients give up on a call after about 60 seconds. */
  waitSeconds: z.number().int().min(5).max(55).default(45),
  /** An unanswered request stays in the window this long; approved in time, a retry passes. */
  pendingMinutes: z.number().int().min(1).max(120).default(10),
});
export type ApprovalSettings = z.infer<typeof ApprovalSettingsSchema>;

const MAX_TEXT = 64 * 1024;

/** What the person sees of a change before it happens. */
export const ChangePreviewSchema = z.discriminatedUnion('kind', [
  /** A text change: a unified diff of the current content against the new one. */
  z.object({
    kind: z.literal('diff'),
    diff: z.string().max(MAX_TEXT),
    /** The diff was cut to fit; the sizes still tell the whole change. */
    truncated: z.boolean(),
    beforeBytes: z.number().int().min(0),
    afterBytes: z.number().int().min(0),
  }),
  /** A new text file: its first lines. */
  z.object({
    kind: z.literal('first-lines'),
    text: z.string().max(MAX_TEXT),
    truncated: z.boolean(),
    afterBytes: z.number().int().min(0),
  }),
  /** Anything else that is one file: its type and sizes (absent for a side that does not exist). */
  z.object({
    kind: z.literal('sizes'),
    mediaType: z.string().max(200),
    beforeBytes: z.number().int().min(0).optional(),
    afterBytes: z.number().int().min(0).optional(),
  }),
  /** A folder: how much is in it, and the first names. */
  z.object({
    kind: z.literal('folder'),
    files: z.number().int().min(0),
    folders: z.number().int().min(0),
    bytes: z.number().int().min(0),
    /** Paths inside the folder, relative to it, the first few only. */
    sample: z.array(z.string().max(4096)).max(50),
    /** Counting stopped at Airlock's entry limit: there is at least this much. */
    atLeast: z.boolean(),
  }),
  /** Nothing there yet to show: a new, empty folder. */
  z.object({ kind: z.literal('nothing') }),
]);
export type ChangePreview = z.infer<typeof ChangePreviewSchema>;

/** Who asked: the app the person knows, and how it reached Airlock. */
export const RequesterSchema = z.object({
  /** The client's name from MCP clientInfo, or the bridge's name for it. */
  client: z.string().max(300),
  /** The name of the HTTP key that authenticated the call, never the key. */
  keyName: z.string().max(200).optional(),
  transport: z.enum(['stdio', 'socket', 'http']),
});
export type Requester = z.infer<typeof RequesterSchema>;

export const ApprovalIdSchema = z.string().regex(/^[0-9a-f]{12,64}$/);

/** One change waiting for the person's OK, as the window shows it. */
export const ApprovalRequestViewSchema = z.object({
  id: ApprovalIdSchema,
  requester: RequesterSchema,
  /** The workspace's root, as the settings name it. */
  workspace: z.string(),
  tool: z.string(),
  action: ChangeActionSchema,
  /** The item changed (a move's source), as a real path. */
  path: z.string(),
  /** A move's destination. */
  destination: z.string().optional(),
  /** The change reaches a launch point: a file whose change runs code outside Airlock. */
  launchPoint: z.boolean(),
  preview: ChangePreviewSchema,
  /** History will keep what the change replaces: "You can undo this later". */
  undoable: z.boolean(),
  /** Epoch ms. */
  askedAt: z.number(),
  /** Epoch ms when the request leaves the window unanswered. */
  expiresAt: z.number(),
  /** How many identical calls it stands for (merged). */
  calls: z.number().int().min(1),
});
export type ApprovalRequestView = z.infer<typeof ApprovalRequestViewSchema>;

/** "Allow this app to change files in this folder for 1 hour", while it lasts. */
export const StandingAllowViewSchema = z.object({
  id: ApprovalIdSchema,
  requester: RequesterSchema,
  workspace: z.string(),
  grantedAt: z.number(),
  expiresAt: z.number(),
});
export type StandingAllowView = z.infer<typeof StandingAllowViewSchema>;

export const ApprovalsViewSchema = z.object({
  pending: z.array(ApprovalRequestViewSchema),
  standing: z.array(StandingAllowViewSchema),
});
export type ApprovalsView = z.infer<typeof ApprovalsViewSchema>;

/** The person's answer. Deny is the default: the window focuses it, so Enter never grants. */
export const APPROVAL_DECISIONS = ['deny', 'allow-once', 'allow-hour'] as const;
export const ApprovalDecisionSchema = z.enum(APPROVAL_DECISIONS);
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
