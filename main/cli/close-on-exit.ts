import type { AirlockCore } from '../core/server/create-airlock-server.ts';

/**
 * Stops serving on SIGINT or SIGTERM and closes the audit log. The writer's close is
 * synchronous, so it also runs when the process simply exits (stdin ended).
 */
export function closeOnExit(core: AirlockCore, stopServing: () => Promise<unknown>): void {
  const stop = () => {
    void stopServing()
      .catch(() => undefined)
      .finally(() => {
        core.audit?.close();
        process.exit(0);
      });
  };
  process.once('exit', () => core.audit?.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
