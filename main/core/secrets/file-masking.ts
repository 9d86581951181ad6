import type { NamePatterns } from '../policy/name-patterns.ts';
import type { Workspace } from '../policy/workspace.ts';
import type { MaskOptions } from './mask-options.ts';

/**
 * How the tools mask secrets inside files, for one core: Airlock's key, whether the entropy
 * rule runs (the settings' `secrets.entropy`), and the file name patterns whose secrets are
 * shown (`secrets.exempt`). Whether a folder masks at all is its workspace's `maskSecrets`.
 */
export interface SecretsMasking {
  readonly key: Uint8Array;
  readonly entropy: boolean;
  readonly exempt: NamePatterns;
}

/** A file as the policy placed it: its workspace and its segments below the workspace root. */
export interface PlacedFile {
  readonly workspace: Workspace;
  readonly segments: readonly string[];
}

/**
 * The options to mask `file` with for what an agent reads of it, or undefined when its
 * secrets are shown: no masking in this core, a folder with masking off, an exempt name.
 */
export function readMasking(
  secrets: SecretsMasking | undefined,
  file: PlacedFile,
): MaskOptions | undefined {
  if (!secrets || file.workspace.maskSecrets === false) return undefined;
  if (secrets.exempt.matchesSegments(file.segments)) return undefined;
  return { key: secrets.key, entropy: secrets.entropy };
}

/**
 * The options a write puts placeholders back with: always, where the core masks at all, even
 * in a folder or a file whose secrets are shown now, so a placeholder read before the person
 * turned masking off is put back rather than written literally over the value.
 */
export function writeMasking(secrets: SecretsMasking | undefined): MaskOptions | undefined {
  return secrets ? { key: secrets.key, entropy: secrets.entropy } : undefined;
}
