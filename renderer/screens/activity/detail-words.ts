// A record's details in words. A change tool's call and an undo carry history's ids and
// flags (changeId, undoable, restores, forced…), and a call on a file with secrets in it
// their counts by kind, which mean nothing to a person reading the window: they become
// sentences, and the ids are left out (Reference names the call, and Undo above finds its
// change by it).
import { toolWords, type ActivityRecord } from './activity-words.ts';
import { decisionWords } from './approval-record-words.ts';
import { hiddenValuesWords } from './hidden-secret-words.ts';
import { changeWords, isChangeAction } from '../../../preload/contract/words/approval-words.ts';

/** One entry of the details: what it is, and its value (words, or as the log holds it). */
export interface DetailEntry {
  readonly words: string;
  readonly value: unknown;
}

/**
 * The record's `detail`, each entry named in words where Airlock knows it; any other entry
 * keeps its key and value as the log holds them. Empty when the record has no detail.
 */
export function detailInWords(record: ActivityRecord): DetailEntry[] {
  const rest: Record<string, unknown> = { ...record.detail };
  const entries: DetailEntry[] = [];
  const take = (key: string): unknown => {
    const value = rest[key];
    delete rest[key];
    return value;
  };
  if (typeof rest.changeId === 'string' && typeof rest.undoable === 'boolean') {
    take('changeId');
    const undoable = take('undoable') as boolean;
    const reason = take('reason');
    entries.push({ words: 'Could be undone', value: undoableWords(undoable, reason) });
  }
  if (record.event === 'restore' && typeof rest.restores === 'string') {
    take('restores');
    // The refusal's code: Reason says it in words already.
    take('code');
    const tool = take('tool');
    if (typeof tool === 'string')
      entries.push({ words: 'What was undone', value: toolWords(tool) });
    if (take('forced') === true) {
      entries.push({
        words: 'Undone anyway',
        value: 'Yes: the versions changed since were kept in history first.',
      });
    }
    const conflicts = take('conflicts');
    if (conflicts !== undefined)
      entries.push({ words: 'What had changed since', value: conflicts });
    if (take('rewind') !== undefined) {
      entries.push({
        words: 'Undone together',
        value: 'Yes: one of several changes undone at once.',
      });
    }
  }
  if (record.event === 'approval') entries.push(...approvalEntries(record, take));
  for (const [key, words] of SECRET_COUNT_KEYS) {
    const counted = hiddenValuesWords(rest[key]);
    if (counted === undefined) continue;
    take(key);
    entries.push({ words, value: counted });
  }
  for (const [key, value] of Object.entries(rest)) entries.push({ words: key, value });
  return entries;
}

/**
 * What a call hid from the agent of a file's secrets, and what a write put back of them: the
 * log keeps their number and kinds, never the values.
 */
const SECRET_COUNT_KEYS: readonly (readonly [key: string, words: string])[] = [
  ['secretsHidden', 'Hidden from the agent'],
  ['secretsRestored', 'Put back when writing'],
];

function undoableWords(undoable: boolean, reason: unknown): string {
  if (undoable) return 'Yes: history kept what this change replaced.';
  return typeof reason === 'string' ? `No. ${reason}` : 'No.';
}

/**
 * A request for the person's OK: what was asked, the answer and how many calls it stood
 * for. The request's id stays, as "Request": the change that followed names it too.
 */
function approvalEntries(record: ActivityRecord, take: (key: string) => unknown): DetailEntry[] {
  const entries: DetailEntry[] = [];
  const action = take('action');
  const first = record.paths?.[0];
  if (typeof action === 'string' && first) {
    // A kind this window does not know (a newer Airlock wrote the log) is shown as logged.
    const asked = isChangeAction(action)
      ? changeWords(action, first, record.paths?.[1])
      : `${action}: ${first}`;
    entries.push({ words: 'What was asked', value: asked });
  }
  const decision = take('decision');
  const scope = take('scope');
  const answer = decisionWords(decision, scope);
  if (answer) entries.push({ words: 'Answer', value: answer });
  else if (decision !== undefined) entries.push({ words: 'decision', value: decision });
  if (take('launchPoint') === true) {
    entries.push({
      words: 'Runs programs',
      value: 'Yes: a change to this file can make programs run on your computer.',
    });
  }
  const calls = take('calls');
  if (typeof calls === 'number') entries.push({ words: 'Asked', value: `${calls} times` });
  const approval = take('approval');
  if (typeof approval === 'string') entries.push({ words: 'Request', value: approval });
  return entries;
}
