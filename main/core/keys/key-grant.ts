import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

/** What a verified key grants: which workspaces (all when undefined) and how. */
export interface KeyGrant {
  readonly name: string;
  /** Real paths of the workspaces the key may use; undefined means every workspace. */
  readonly workspaces?: readonly string[];
  readonly access: WorkspaceAccess;
}

/** Checks a presented bearer key against the keys Airlock knows, without the keychain. */
export interface BearerVerifier {
  verify(presented: string): KeyGrant | undefined;
}

/** The key in an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header.trim());
  return match?.[1];
}
