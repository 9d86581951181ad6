/**
 * The line printed for an error no command has words for: its message, not a stack trace,
 * which means nothing to the person reading it. AIRLOCK_DEBUG=1 adds the stack, for a report.
 */
export function unexpectedErrorText(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack =
    env.AIRLOCK_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `airlock: unexpected error: ${message}. Run again with AIRLOCK_DEBUG=1 to see where it happened.${stack}\n`;
}
