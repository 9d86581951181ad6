// The window's changes (AppChanges) over a real restore service, journal and audit log in a
// temp layout, and agents that make their changes as named clients in named sessions, the
// way the tool kit records them.
import { randomBytes } from 'node:crypto';
import { AppChanges } from '../../../../main/core/app/changes/app-changes.ts';
import type { ChangeCall } from '../../../../main/core/history/capture-change.ts';
import type { HistoryLimits } from '../../../../main/core/history/history-limits.ts';
import { serviceLayout, type ServiceLayout } from '../../history/restore-service-fixture.ts';
import { agentOf, type Agent } from '../../history/recorded-tools.ts';

export const WINDOW_PERSON = { transport: 'app', person: 'dana' } as const;

export interface ChangesLayout extends ServiceLayout {
  readonly changes: AppChanges;
  /** An agent making changes as `client` in `session`. */
  agentAs(client: string | undefined, session?: string): Agent;
  /** Moves history's clock on: the changes made next are that much later. */
  wait(ms: number): void;
}

export async function changesLayout(limits?: HistoryLimits): Promise<ChangesLayout> {
  let now = Date.now();
  const layout = await serviceLayout({ clock: () => now, ...(limits ? { limits } : {}) });
  return {
    ...layout,
    wait: (ms) => {
      now += ms;
    },
    changes: new AppChanges(() => layout.service, WINDOW_PERSON),
    agentAs: (client, session) =>
      agentOf(layout.journal, layout.policy, (tool): ChangeCall => ({
        id: randomBytes(6).toString('hex'),
        tool,
        ...(client ? { client } : {}),
        ...(session ? { session } : {}),
      })),
  };
}
