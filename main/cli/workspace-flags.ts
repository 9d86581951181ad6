import { UsageError } from './usage-error.ts';

/**
 * The folders named with --workspace. An empty one is refused: it would resolve to the
 * current folder, which is rarely what a script with an unset variable meant to share.
 */
export function namedWorkspaces(values: readonly string[] | undefined): readonly string[] {
  const folders = values ?? [];
  if (folders.includes('')) {
    throw new UsageError(
      '--workspace needs a folder, but was given an empty name (an unset variable?). Airlock does not take it to mean the current folder: name the folder, or use --workspace . for the current one.',
    );
  }
  return folders;
}
