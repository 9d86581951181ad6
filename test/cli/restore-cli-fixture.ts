// A sandbox for the restore and history commands: a workspace, an agent whose changes are
// kept in the data dir's history and written to its activity log as the tool kit writes them
// (until the tools are wired to the journal, they are made here with the history library),
// and the built CLI run against that data dir with no keychain.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import { AuditLog } from '../../main/core/audit/audit-log.ts';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';
import type { ChangeCall } from '../../main/core/history/capture-change.ts';
import { ChangeJournal } from '../../main/core/history/change-journal.ts';
import { locationsOf, type ChangeRecord } from '../../main/core/history/change-record.ts';
import { makePolicy } from '../core/fixtures.ts';
import { callOf } from '../core/history/history-fixtures.ts';
import { agentOf, type Agent } from '../core/history/recorded-tools.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { cliEnv, runCli, type CliResult } from './run-keys-cli.ts';

export interface RestoreSandbox extends Sandbox {
  readonly journal: ChangeJournal;
  readonly auditFile: string;
  /** Makes changes as `client`; each is a tool_call record too. */
  agent(client?: string): Agent;
  /** The number of the activity record of `change`. */
  seqOf(change: { readonly id: string }): Promise<number>;
  records(): Promise<AuditRecord[]>;
  /** Saves `folders` as the app's workspaces, as the window would. */
  saveWorkspaces(folders: readonly string[]): Promise<void>;
  /** Runs the built CLI with `--data-dir` of this sandbox. */
  airlock(...args: string[]): Promise<CliResult>;
}

/** A bus that is not there: the keychain fails at once, so records are written unkeyed. */
export const NO_KEYCHAIN = {
  AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-restore',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
};

export async function restoreSandbox(
  options: { readonly clock?: () => number } = {},
): Promise<RestoreSandbox> {
  const sandbox = await makeSandbox();
  after(() => sandbox.cleanup());
  const journal = await ChangeJournal.open(sandbox.dataDir, options);
  const policy = await makePolicy(sandbox.ws);
  const auditFile = path.join(sandbox.dataDir, 'audit', 'audit.jsonl');
  const recordCall = async (change: ChangeRecord | undefined) => {
    if (!change) throw new Error('the agent changed nothing');
    // Opened for each record, as another Airlock process would append to the shared chain.
    const log = new AuditLog(
      AuditWriter.open(auditFile, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' }, undefined),
    );
    try {
      await log.record({
        event: 'tool_call',
        transport: 'stdio',
        client: change.client,
        tool: change.tool,
        outcome: 'ok',
        paths: change.steps.flatMap((step) =>
          locationsOf(step).map((at) => path.join(at.root, at.path)),
        ),
        correlationId: change.id,
      });
    } finally {
      log.close();
    }
    return change;
  };
  const records = async () =>
    (await readFile(auditFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecord);
  return {
    ...sandbox,
    journal,
    auditFile,
    agent(client = 'Claude Desktop 0.12') {
      const call = (tool: string): ChangeCall => callOf(tool, { client });
      const plain = agentOf(journal, policy, call);
      return {
        write: async (file, content) => recordCall(await plain.write(file, content)),
        edit: async (file, from, to) => recordCall(await plain.edit(file, from, to)),
        move: async (from, to) => recordCall(await plain.move(from, to)),
        delete: async (target) => recordCall(await plain.delete(target)),
        createDirectory: async (folder) => recordCall(await plain.createDirectory(folder)),
      };
    },
    async seqOf(change) {
      const record = (await records()).find((one) => one.correlationId === change.id);
      if (!record) throw new Error(`no record has the correlation id ${change.id}`);
      return record.seq;
    },
    records,
    async saveWorkspaces(folders) {
      const workspaces = folders.map((folder) => ({ path: folder, access: 'write' }));
      await writeFile(path.join(sandbox.dataDir, 'config.json'), JSON.stringify({ workspaces }));
    },
    airlock: (...args) =>
      runCli(
        [...args, '--data-dir', sandbox.dataDir],
        cliEnv({ HOME: sandbox.home, ...NO_KEYCHAIN }),
      ),
  };
}
