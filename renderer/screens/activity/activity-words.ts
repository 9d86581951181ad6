// The words the activity viewer shows for what the log records, kept in one place.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import { approvalSentence } from './approval-record-words.ts';

export type ActivityRecord = ResponseOf<'queryActivity'>['records'][number];
export type Outcome = ActivityRecord['outcome'];

export const OUTCOME_WORDS: Record<Outcome, string> = {
  ok: 'Done',
  denied: 'Refused',
  error: 'Failed',
};

const TOOL_WORDS: Record<string, string> = {
  list_allowed_directories: 'Listed the shared folders',
  list_directory: 'Listed a folder',
  list_directory_with_sizes: 'Listed a folder with sizes',
  directory_tree: 'Read a folder tree',
  search_files: 'Searched file names',
  search_content: 'Searched inside files',
  get_file_info: 'Looked up file details',
  read_text_file: 'Read a file',
  read_media_file: 'Read an image or media file',
  read_multiple_files: 'Read several files',
  write_file: 'Wrote a file',
  edit_file: 'Edited a file',
  create_directory: 'Created a folder',
  move_file: 'Moved a file',
  delete_file: 'Deleted a file',
  undo_change: 'Undid its own change',
  restore: 'Undid a change',
};

const EVENT_WORDS: Record<string, string> = {
  tool_call: 'Used a tool',
  auth_failure: 'Refused a connection',
  settings_change: 'Settings changed',
  approval: 'Asked for your OK',
  audit_recovery: 'Log repaired at start',
  restore: 'Undid a change',
};

/** "Read a file" for read_text_file; the tool's own name for one Airlock does not know. */
export function toolWords(tool: string): string {
  return TOOL_WORDS[tool] ?? tool;
}

/**
 * The kinds of record the Activity filter offers, in its words: the changes that waited for
 * the person's OK among them.
 */
export const EVENT_FILTERS: readonly (readonly [event: string, words: string])[] = [
  ['tool_call', 'Agents’ requests'],
  ['approval', 'Asked for your OK'],
  ['restore', 'Undone changes'],
  ['settings_change', 'Settings changes'],
  ['auth_failure', 'Refused connections'],
];

/** The kind of record in words: "Used a tool" for tool_call. */
export function eventWords(event: string): string {
  return EVENT_WORDS[event] ?? event;
}

/**
 * What happened, in a few words: the tool in plain words, or the kind of event. A change
 * that waited for the person's OK is a whole sentence: who asked what, and the answer.
 */
export function whatHappened(record: ActivityRecord): string {
  if (record.event === 'approval') return approvalSentence(record) ?? eventWords(record.event);
  if (record.tool) return toolWords(record.tool);
  if (record.event === 'settings_change' && record.reason) return record.reason;
  return eventWords(record.event);
}

/** Where it happened: the first file, or the folder. */
export function whereItHappened(record: ActivityRecord): string {
  const first = record.paths?.[0];
  if (first)
    return record.paths!.length > 1 ? `${first} and ${record.paths!.length - 1} more` : first;
  return record.workspace ?? '';
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function timeWords(ts: string): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? ts : timeFormat.format(date);
}

const numberFormat = new Intl.NumberFormat();

export function count(value: number): string {
  return numberFormat.format(value);
}

/** "1 record" / "1,234 records" */
export function records(value: number): string {
  return `${count(value)} ${value === 1 ? 'record' : 'records'}`;
}

const SECRET_WORDS: Record<string, string> = {
  'private-key': 'private key',
  'aws-access-key-id': 'AWS access key',
  'aws-secret-key': 'AWS secret key',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook',
  'anthropic-key': 'Anthropic key',
  'openai-key': 'OpenAI key',
  'stripe-key': 'Stripe key',
  'google-api-key': 'Google API key',
  jwt: 'sign-in token',
  'airlock-key': 'Airlock key',
  'npm-token': 'npm token',
  authorization: 'authorization',
  'url-password': 'password in a link',
  'generic-secret': 'secret',
  content: 'file content',
};

/** What a `[REDACTED:<kind>]` marker hid, in words: "AWS access key"; plain `[REDACTED]` is a secret. */
export function secretWords(kind: string | undefined): string {
  if (kind === undefined) return 'secret';
  return knownSecretWords(kind) ?? kind.replace(/-/g, ' ');
}

/** The window's words for a kind of secret, or undefined for a kind it has none for. */
export function knownSecretWords(kind: string): string | undefined {
  return Object.hasOwn(SECRET_WORDS, kind) ? SECRET_WORDS[kind] : undefined;
}

/** The record's fields, in the order and with the names the detail pane shows. */
export const FIELD_WORDS: readonly (readonly [keyof ActivityRecord, string])[] = [
  ['ts', 'When'],
  ['event', 'Kind of record'],
  ['outcome', 'Result'],
  ['client', 'Client'],
  ['keyName', 'Key'],
  ['transport', 'Connection'],
  ['tool', 'Tool'],
  ['workspace', 'Folder'],
  ['paths', 'Files'],
  ['reason', 'Reason'],
  ['args', 'What the agent asked'],
  ['detail', 'Details'],
  ['durationMs', 'Took'],
  ['bytesIn', 'Bytes received'],
  ['bytesOut', 'Bytes sent'],
  ['correlationId', 'Reference'],
  ['seq', 'Record number'],
  ['prev', 'Previous record’s hash'],
  ['hash', 'Hash'],
  ['mac', 'Signature'],
];
