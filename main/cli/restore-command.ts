import { parseArgs } from 'node:util';
import { parseSearchTime, SEARCH_TIME_FORMS } from '../core/audit/search/search-time.ts';
import type { RewindReport } from '../core/history/restore-service.ts';
import { CommandError } from './command-error.ts';
import { openCliRestore, type CliRestore } from './restore-setup.ts';
import { changeLine, previewText, refusalText, restoredText } from './restore-text.ts';
import { UsageError } from './usage-error.ts';

const RESTORE_FLAGS = {
  since: { type: 'string' },
  client: { type: 'string' },
  workspace: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const;

/**
 * `airlock restore RECORD` puts back the state from just before one change, named by its
 * activity record's number or its change id; `airlock restore --since TIME` rewinds every
 * matching change, newest first. The restore service decides and records everything; this
 * parses, calls it and prints. Exit code 1 when a restore is refused, 2 for a mistake in
 * the command.
 */
export async function restoreCommand(args: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: RESTORE_FLAGS,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new UsageError(`Name one record to restore, not ${positionals.length}.`);
  const [record] = positionals;
  if (record !== undefined && values.since !== undefined)
    throw new UsageError(
      'Give a RECORD to restore one change, or --since TIME to rewind, not both.',
    );
  if (record === undefined && values.since === undefined)
    throw new UsageError(
      'Say what to restore: a RECORD (an activity record number or a change id), or --since TIME.',
    );
  const options = { force: values.force ?? false, dryRun: values['dry-run'] ?? false };
  if (record !== undefined) {
    if (values.client !== undefined)
      throw new UsageError('--client narrows a rewind: use it with --since.');
    const cli = await openCliRestore(values['data-dir'], values.workspace);
    return closing(cli, () => restoreOne(cli, record, options));
  }
  const since = parseSearchTime(values.since as string);
  if (since === undefined)
    throw new UsageError(`--since takes ${SEARCH_TIME_FORMS}, not "${values.since}".`);
  if ((values.workspace?.length ?? 0) > 1)
    throw new UsageError(
      'With --since, --workspace names the one workspace to rewind: give it once.',
    );
  const cli = await openCliRestore(values['data-dir'], values.workspace);
  const [workspace] = values.workspace ?? [];
  const filter = {
    since: new Date(since),
    ...(values.client !== undefined ? { client: values.client } : {}),
    ...(workspace !== undefined ? { workspace } : {}),
  };
  return closing(cli, async () => {
    const report = await cli.service.rewind(filter, { ...options, actor: cli.actor });
    printRewind(report, filter.since);
  });
}

async function restoreOne(
  cli: CliRestore,
  ref: string,
  options: { readonly force: boolean; readonly dryRun: boolean },
): Promise<void> {
  const resolved = await cli.service.resolveRef(ref);
  if (!resolved.ok) throw new CommandError(refusalText(resolved.refusal));
  if (resolved.record !== undefined)
    process.stdout.write(`Activity record ${resolved.record} is change ${resolved.changeId}.\n`);
  if (options.dryRun) {
    const previewed = await cli.service.preview(resolved.changeId);
    if (!previewed.ok) throw new CommandError(refusalText(previewed.refusal));
    process.stdout.write(
      `${previewText(previewed.preview)}\n\nNothing was changed: this was a dry run.\n`,
    );
    return;
  }
  const outcome = await cli.service.restore(resolved.changeId, {
    force: options.force,
    actor: cli.actor,
  });
  if (!outcome.ok) throw new CommandError(refusalText(outcome.refusal));
  process.stdout.write(`${restoredText(outcome)}\n`);
}

function printRewind(report: RewindReport, since: Date): void {
  if (report.changes.length === 0) {
    process.stdout.write(`No change since ${since.toISOString()} to undo.\n`);
    return;
  }
  if (report.dryRun) {
    process.stdout.write(
      [
        `A rewind would undo ${report.changes.length} change(s), newest first:`,
        ...report.changes.map((change) => `  ${changeLine(change)}`),
        'Nothing was changed: this was a dry run.',
      ].join('\n') + '\n',
    );
    return;
  }
  if (report.restores.length > 0) {
    process.stdout.write(
      [
        `Undid ${report.restores.length} change(s), newest first:`,
        ...report.restores.map(
          (done) =>
            `  ${done.restored.id}\t${done.restored.summary}\trestore ${done.restore.id}${done.auditSeq ? `, record ${done.auditSeq}` : ''}`,
        ),
      ].join('\n') + '\n',
    );
  }
  if (report.stoppedAt) {
    const { change, refusal } = report.stoppedAt;
    throw new CommandError(
      `Stopped at change ${change.id} (${change.summary}); it and the older changes were left as they are.\n${refusalText(refusal)}`,
    );
  }
}

async function closing(cli: CliRestore, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } finally {
    await cli.close();
  }
}
