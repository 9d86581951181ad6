import type { AirlockCore } from '../core/server/create-airlock-server.ts';

/**
 * Stops serving on SIGINT or SIGTERM, lets history finish what its last changes left to do,
 * and closes the audit log, once the keychain's anchor
 * names its last record. A process that simply runs out of work (stdin ended) does the same
 * just before it ends; the synchronous close on exit is the last resort, for an exit that
 * leaves no time to wait for the keychain.
 */
export function closeOnExit(core: AirlockCore, stopServing: () => Promise<unknown>): void {
  const closeAndAnchor = () => core.audit?.closeAndAnchor().catch(() => undefined);
  const stop = () => {
    void stopServing()
      .catch(() => undefined)
      // A change answered just now may still be putting its kept version away: finished
      // here, it needs no recovery at the next start.
      .then(() => core.callsInFlight?.drained(5000))
      .then(() => core.journal.settled().catch(() => undefined))
      .then(closeAndAnchor)
      .finally(() => process.exit(0));
  };
  process.once('beforeExit', () => void closeAndAnchor());
  process.once('exit', () => core.audit?.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
