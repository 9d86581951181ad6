import { z } from 'zod';

// The words the window, main and the audit log share, each written once. The contract
// depends on zod alone, so every layer may import them from here.
//
// Code, IPC and the audit log say "workspace"; the window's text says "folder" for a
// workspace, because its readers are not developers.

/** What agents may do in a workspace (or with a key): read only, or read and change. */
export const WORKSPACE_ACCESS = ['read', 'write'] as const;
export const WorkspaceAccessSchema = z.enum(WORKSPACE_ACCESS);
export type WorkspaceAccess = (typeof WORKSPACE_ACCESS)[number];

/** How a call ended: done, refused by policy, or failed. */
export const CALL_OUTCOMES = ['ok', 'denied', 'error'] as const;
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function isCallOutcome(value: unknown): value is CallOutcome {
  return (CALL_OUTCOMES as readonly unknown[]).includes(value);
}

/** A shared workspace, named by its path as listWorkspaces gives it; main refuses any other. */
export const WorkspacePathSchema = z.string().min(1).max(32_768);

/** Some of the shared workspaces: what a key, or an app's key, may reach. */
export const WorkspacePathsSchema = z.array(WorkspacePathSchema).max(1000);
