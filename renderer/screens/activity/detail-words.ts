// A record's details in words. A change tool's call and an undo carry history's ids and
// flags (changeId, undoable, restores, forced…), which mean nothing to a person reading the
// window: they become sentences, and the ids are left out (Reference names the call, and
// Undo above finds its change by it).
import { toolWords, type ActivityRecord } from './activity-words.ts';

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
  for (const [key, value] of Object.entries(rest)) entries.push({ words: key, value });
  return entries;
}

function undoableWords(undoable: boolean, reason: unknown): string {
  if (undoable) return 'Yes: history kept what this change replaced.';
  return typeof reason === 'string' ? `No. ${reason}` : 'No.';
}
