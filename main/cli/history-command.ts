import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseSearchTime, SEARCH_TIME_FORMS } from '../core/audit/search/search-time.ts';
import type { ChangeSummary, HistoryFilter } from '../core/history/restore-service.ts';
import { dataDirToRead } from './data-dir-to-read.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { openCliRestore } from './restore-setup.ts';
import { changeLine } from './restore-text.ts';
import { UsageError } from './usage-error.ts';

/**
 * `airlock history`: what history holds, newest first, each change with whether it can be
 * undone now (judged against the same workspaces as `airlock restore`: the saved ones and
 * the one named with --workspace, which also narrows the list).
 */
export async function historyCommand(args: readonly string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    since: { type: 'string' },
    client: { type: 'string' },
    workspace: { type: 'string', multiple: true },
    'data-dir': { type: 'string' },
  });
  if ((values.workspace?.length ?? 0) > 1)
    throw new UsageError('--workspace names the one workspace to list: give it once.');
  const since = values.since === undefined ? undefined : parseSearchTime(values.since);
  if (values.since !== undefined && since === undefined)
    throw new UsageError(`--since takes ${SEARCH_TIME_FORMS}, not "${values.since}".`);
  const [workspace] = values.workspace ?? [];
  const filter: HistoryFilter = {
    ...(since !== undefined ? { since: new Date(since) } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
    ...(workspace !== undefined ? { workspace } : {}),
  };
  // Listing changes nothing: a data dir with no history yet is not made for it.
  const dataDir = await dataDirToRead(values['data-dir']);
  const kept = await stat(path.join(dataDir, 'history')).then(
    () => true,
    () => false,
  );
  let changes: ChangeSummary[] = [];
  if (kept) {
    const cli = await openCliRestore(values['data-dir'], values.workspace);
    try {
      changes = await cli.service.list(filter);
    } finally {
      await cli.close();
    }
  }
  if (values.json) {
    const plain = changes.map(({ record: _record, ...summary }) => summary);
    process.stdout.write(`${JSON.stringify(plain, null, 2)}\n`);
    return;
  }
  if (changes.length === 0) {
    process.stdout.write('History holds no changes that match.\n');
    return;
  }
  process.stdout.write(
    [
      ...changes.map(changeLine),
      `${changes.length} change(s). To undo one: airlock restore ID (or the number of its activity record).`,
    ].join('\n') + '\n',
  );
}
