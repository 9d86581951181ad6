// The query mix of the audit bench: what a person types into the activity viewer, a text
// plus one or more filters, from common words to words that match nothing.
import type { AuditQuery } from '../../main/core/audit/search/audit-query.ts';
import type { SyntheticLog } from './synthetic-log.ts';

export function queryMix(log: SyntheticLog): AuditQuery[] {
  const [taxes, garden, , reports] = log.workspaces;
  const at = (fraction: number): string =>
    new Date(log.firstTs + (log.lastTs - log.firstTs) * fraction).toISOString();
  return [
    { text: 'invoice', outcome: 'ok' },
    { text: 'receipts', tool: 'read_text_file' },
    { text: 'does not exist', outcome: 'error' },
    { text: '.env', outcome: 'denied' },
    { text: 'budget 2024', client: log.clients[4] },
    { text: 'summer', since: at(0.4), until: at(0.5) },
    { text: 'garden components', workspace: garden },
    { text: 'meeting', pathPrefix: `${reports}/drafts` },
    { text: 'no-such-words', tool: 'write_file' },
    { text: 'md', transport: 'http' },
    { text: 'kyoto', outcome: 'denied', since: at(0.5) },
    { text: 'lisbon hiking', event: 'tool_call' },
    { text: 'insurance', pathPrefix: taxes, until: at(0.9) },
    { text: 'protected', workspace: taxes, outcome: 'denied' },
  ];
}

/** The words of a query's text, as grep would look for them. */
export function firstTerm(query: AuditQuery): string {
  return (query.text ?? '').split(/\s+/)[0] ?? '';
}
