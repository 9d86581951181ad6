/** The arguments that name a path, in the tools' own words (the official server's). */
const PATH_ARGUMENTS = ['path', 'source', 'destination'] as const;

/**
 * The paths an agent named in a call, as recorded in its (redacted) arguments. A refused
 * call records no real path, since it reached none: this is what it asked for.
 */
export function askedPaths(args: Readonly<Record<string, unknown>> | undefined): string[] {
  if (!args) return [];
  const many = Array.isArray(args.paths) ? (args.paths as unknown[]) : [];
  return [...PATH_ARGUMENTS.map((name) => args[name]), ...many].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}
