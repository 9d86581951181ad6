import type { SecretKind } from '../audit/secret-patterns.ts';
import type { MaskedView } from './mask-file-text.ts';

/** How many values a masked view hides, in all and by kind: for the answer and the audit. */
export interface HiddenCounts {
  readonly total: number;
  /** In order of first appearance in the file. */
  readonly byKind: readonly {
    readonly kind: SecretKind;
    readonly label: string;
    readonly count: number;
  }[];
}

/** The counts of one view, or of several (read_multiple_files' answer). */
export function countHidden(...views: readonly MaskedView[]): HiddenCounts {
  const counts = new Map<SecretKind, { kind: SecretKind; label: string; count: number }>();
  let total = 0;
  for (const view of views) {
    for (const { kind, label } of view.hidden) {
      const entry = counts.get(kind) ?? { kind, label, count: 0 };
      entry.count++;
      counts.set(kind, entry);
      total++;
    }
  }
  return { total, byKind: [...counts.values()] };
}

/**
 * What the agent's answer says when values were hidden, so that the model neither "fixes" a
 * placeholder nor writes it back as text of its own; '' when none were.
 */
export function hiddenValuesNote(counts: HiddenCounts): string {
  if (counts.total === 0) return '';
  const kinds = counts.byKind
    .map(({ label, count }) => `${count} ${count === 1 ? label : plural(label)}`)
    .join(', ');
  const values = counts.total === 1 ? '1 value that looks' : `${counts.total} values that look`;
  return `Airlock hid ${values} like secrets (${kinds}); each is shown as a "secret hidden by Airlock" placeholder naming its kind and number. Keep placeholders exactly as they are when you write or edit the file they came from: Airlock puts the real values back. Do not try to fill them in or work around them; ask the person if a task needs a value.`;
}

function plural(label: string): string {
  if (label === 'password in a URL') return 'passwords in URLs';
  if (label.endsWith(' ID')) return `${label}s`;
  return label.endsWith('s') ? label : `${label}s`;
}
