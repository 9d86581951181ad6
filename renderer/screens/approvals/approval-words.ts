// The words the window says of a change waiting for the person's OK, kept apart from the
// markup. The window says "folder" for a workspace and "app" for a client.
import type {
  ApprovalDecision,
  ApprovalRequestView,
  ApprovalsView,
  ChangePreview,
  Requester,
  StandingAllowView,
} from '../../../preload/contract/approval-views.ts';
import { appName, changeWords, lastName } from '../../../preload/contract/words/approval-words.ts';
import { folderName } from '../folders/folder-text.ts';
import { plural, sizeWords } from '../changes/change-words.ts';

export type {
  ApprovalDecision,
  ApprovalRequestView,
  ApprovalsView,
  ChangePreview,
  StandingAllowView,
};

/** How the app reached Airlock: "over HTTP with the key “cursor”", or on this computer. */
export function connectionWords(requester: Requester): string {
  if (requester.transport === 'http') {
    return requester.keyName ? `over HTTP with the key “${requester.keyName}”` : 'over HTTP';
  }
  return 'through the local connection';
}

/** The path inside its folder: "Scans/march.pdf"; the path itself when it is not inside. */
export function insideFolder(path: string, workspace: string): string {
  const root = workspace.replace(/[\\/]+$/, '');
  const rest = path.slice(root.length);
  if (!path.startsWith(root) || !/^[\\/]/.test(rest)) return path;
  return rest.replace(/^[\\/]+/, '') || lastName(path);
}

/** The request's title: "Claude Desktop asks to delete report.pdf". */
export function requestTitle(request: ApprovalRequestView): string {
  return `${appName(request.requester)} asks to ${changeWords(
    request.action,
    request.path,
    request.destination,
  )}`;
}

/** What each answer lets happen, stated next to its button. */
export function scopeWords(
  decision: ApprovalDecision,
  request: ApprovalRequestView,
  now: number,
): string {
  const app = appName(request.requester);
  switch (decision) {
    case 'deny':
      return `${app} is told you said no. Nothing changes.`;
    case 'allow-once':
      return 'Only this change, this one time.';
    case 'allow-hour':
      return `${app} may change any file in ${folderName(request.workspace)} without asking you, until ${clockWords(
        now + HOUR_MS,
      )}. Files that can make programs run still ask. You can revoke this in Folders.`;
  }
}

/** The button's own words. */
export const DECISION_LABELS: Readonly<Record<ApprovalDecision, string>> = {
  deny: 'Deny',
  'allow-once': 'Allow once',
  'allow-hour': 'Allow this app to change files in this folder for 1 hour',
};

/** Said once the answer is given: "You allowed Claude Desktop to delete report.pdf, once." */
export function answeredWords(decision: ApprovalDecision, request: ApprovalRequestView): string {
  const app = appName(request.requester);
  const what = changeWords(request.action, request.path, request.destination);
  switch (decision) {
    case 'deny':
      return `You did not let ${app} ${what}.`;
    case 'allow-once':
      return `You allowed ${app} to ${what}, once.`;
    case 'allow-hour':
      return `You allowed ${app} to change files in ${folderName(request.workspace)} for 1 hour.`;
  }
}

const HOUR_MS = 60 * 60 * 1000;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "10:42" */
export function clockWords(at: number): string {
  return clock.format(new Date(at));
}

/** "52 minutes", "1 minute", "less than a minute" until `until`. */
export function timeLeftWords(until: number, now: number): string {
  const minutes = Math.floor((until - now) / 60_000);
  if (minutes < 1) return 'less than a minute';
  return plural(minutes, 'minute');
}

/** One standing permission: "Claude Desktop may change files in Taxes 2024 without asking". */
export function standingWords(allow: StandingAllowView): string {
  return `${appName(allow.requester)} may change files in ${folderName(allow.workspace)} without asking`;
}

/** The kind of file, in words: "PDF document" for application/pdf. */
export function mediaWords(mediaType: string): string {
  const [kind, subtype = ''] = mediaType.toLowerCase().split(';')[0]!.trim().split('/');
  const known: Record<string, string> = {
    'application/pdf': 'PDF document',
    'application/zip': 'Zip archive',
    'application/json': 'JSON text',
    'application/octet-stream': 'File',
  };
  const whole = known[`${kind}/${subtype}`];
  if (whole) return whole;
  if (kind === 'image') return `${subtype.toUpperCase().replace(/\+.*$/, '')} picture`;
  if (kind === 'text') return 'Text file';
  if (kind === 'audio') return 'Sound file';
  if (kind === 'video') return 'Video';
  return `File (${mediaType})`;
}

/** "2 KB now, 13 bytes after", "2 KB", "13 bytes after". */
export function sizesWords(preview: Extract<ChangePreview, { kind: 'sizes' }>): string {
  const { beforeBytes, afterBytes } = preview;
  if (beforeBytes !== undefined && afterBytes !== undefined)
    return `${sizeWords(beforeBytes)} now, ${sizeWords(afterBytes)} after`;
  if (beforeBytes !== undefined) return sizeWords(beforeBytes);
  if (afterBytes !== undefined) return sizeWords(afterBytes);
  return '';
}

/** "12 files in 3 folders, 4.5 MB", with "at least" when counting stopped at the limit. */
export function folderContentWords(preview: Extract<ChangePreview, { kind: 'folder' }>): string {
  const atLeast = preview.atLeast ? 'at least ' : '';
  if (preview.files === 0 && preview.folders === 0) return 'It is empty.';
  const files = plural(preview.files, 'file');
  const folders = preview.folders > 0 ? ` in ${plural(preview.folders, 'folder')}` : '';
  return `It holds ${atLeast}${files}${folders}, ${atLeast}${sizeWords(preview.bytes)}.`;
}

/** One line of a unified diff, as the window shows it. */
export type DiffRow =
  | { readonly op: 'same' | 'removed' | 'added'; readonly text: string }
  /** Lines between two parts of the change, not shown: the diff only has the changed parts. */
  | { readonly op: 'gap' };

/**
 * The lines of a unified diff: its header is left out, each part's `@@` line becomes a gap
 * between parts, and "\ No newline at end of file" is not a line of the file.
 */
export function diffRows(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let inHeader = true;
  for (const line of diff.split('\n')) {
    if (inHeader && (line.startsWith('--- ') || line.startsWith('+++ '))) continue;
    if (line.startsWith('@@')) {
      if (!inHeader) rows.push({ op: 'gap' });
      inHeader = false;
      continue;
    }
    if (inHeader || line.startsWith('\\')) continue;
    const mark = line.charAt(0);
    const text = line.slice(1);
    if (mark === '-') rows.push({ op: 'removed', text });
    else if (mark === '+') rows.push({ op: 'added', text });
    else if (mark === ' ') rows.push({ op: 'same', text });
  }
  return rows;
}

/** The view with `pending` kept in the order they were asked, oldest first. */
export function oldestFirst(view: ApprovalsView): ApprovalRequestView[] {
  return [...view.pending].sort((a, b) => a.askedAt - b.askedAt);
}
