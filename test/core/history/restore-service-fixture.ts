// A RestoreService over a history layout, with a real audit log in the data dir, so record
// numbers, restore records and the chain can be checked as the front ends would see them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import { AuditLog } from '../../../main/core/audit/audit-log.ts';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../main/core/audit/audit-writer.ts';
import type { JournalOptions } from '../../../main/core/history/change-journal.ts';
import type { ChangeRecord } from '../../../main/core/history/change-record.ts';
import { RestoreService, type RestoreActor } from '../../../main/core/history/restore-service.ts';
import type { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { sameDiskLayout, type HistoryLayout } from './history-fixtures.ts';
import { agentOf, type Agent } from './recorded-tools.ts';

export const PERSON: RestoreActor = { transport: 'app', person: 'Dana' };

export interface ServiceLayout extends HistoryLayout {
  readonly service: RestoreService;
  readonly auditFile: string;
  readonly log: AuditLog;
  /** An agent whose every change is also a tool_call record, as the tool kit writes it. */
  readonly agent: Agent;
  /** The policy the service is given from now on (a workspace removed, say). */
  share(policy: PathPolicy): void;
  /** The tool_call record of a change made outside `agent`; resolves with its number. */
  recordCall(
    change: ChangeRecord | { id: string; tool: string },
    outcome?: 'ok' | 'denied',
  ): Promise<number>;
  records(): Promise<AuditRecord[]>;
}

export async function serviceLayout(options: JournalOptions = {}): Promise<ServiceLayout> {
  const layout = await sameDiskLayout(options);
  const auditFile = path.join(layout.dataDir, 'audit', 'audit.jsonl');
  const log = new AuditLog(
    AuditWriter.open(auditFile, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' }, undefined),
  );
  after(() => log.close());
  let policy = layout.policy;
  const service = new RestoreService({
    journal: layout.journal,
    policy: () => policy,
    record: (entry) => log.record(entry),
    auditFile,
  });
  const recordCall: ServiceLayout['recordCall'] = async (change, outcome = 'ok') =>
    (
      await log.record({
        event: 'tool_call',
        transport: 'stdio',
        client: 'Test Client 1.0',
        tool: change.tool,
        outcome,
        correlationId: change.id,
      })
    ).seq;
  const plain = agentOf(layout.journal, layout.policy);
  const recorded =
    <Args extends unknown[]>(make: (...args: Args) => Promise<ChangeRecord | undefined>) =>
    async (...args: Args) => {
      const change = await make(...args);
      if (change) await recordCall(change);
      return change as ChangeRecord;
    };
  const agent: Agent = {
    write: recorded(plain.write),
    edit: recorded(plain.edit),
    move: recorded(plain.move),
    delete: recorded(plain.delete),
    createDirectory: recorded(plain.createDirectory),
  };
  return {
    ...layout,
    service,
    auditFile,
    log,
    agent,
    share: (next) => {
      policy = next;
    },
    recordCall,
    records: async () =>
      (await readFile(auditFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditRecord),
  };
}
