import {
  DEFAULT_GUARD_FAMILIES,
  DEFAULT_NESTED_GUARD_FAMILIES,
  type GuardSettings,
} from './sensitive-guard.ts';

/** The sensitive-file guard as the window shows it beside each folder. */
export interface GuardSummary {
  readonly enabled: boolean;
  /** warning: the guard is off, or on with nothing to hide. */
  readonly tone: 'ok' | 'warning';
  /** "Secrets hidden: .env files, private keys and 14 more", or "Secret guard off". */
  readonly text: string;
  /** Every pattern the guard hides, for a "what is hidden" list. */
  readonly hidden: string[];
}

/** Families of the default patterns, named the way a person would say them. */
const KINDS = [...DEFAULT_GUARD_FAMILIES, ...DEFAULT_NESTED_GUARD_FAMILIES];

/** How many names the summary spells out before "and N more". */
const NAMED = 2;

export function summarizeGuard(settings: GuardSettings): GuardSummary {
  const hidden = [...new Set([...settings.patterns, ...settings.nestedPatterns])];
  if (!settings.enabled) {
    return {
      enabled: false,
      tone: 'warning',
      text: 'Secret guard off: agents can read .env files, keys and passwords in this folder.',
      hidden: [],
    };
  }
  if (hidden.length === 0) {
    return {
      enabled: true,
      tone: 'warning',
      text: 'Secret guard on, but it hides nothing: no patterns are set in Settings.',
      hidden,
    };
  }
  // Known families first (in their order), then each pattern no family names.
  const groups: { label: string; members: string[] }[] = [];
  const grouped = new Set<string>();
  for (const kind of KINDS) {
    const members = kind.patterns.filter((pattern) => hidden.includes(pattern));
    if (members.length === 0) continue;
    groups.push({ label: kind.label, members });
    members.forEach((member) => grouped.add(member));
  }
  for (const pattern of hidden) {
    if (!grouped.has(pattern)) groups.push({ label: pattern, members: [pattern] });
  }
  const named = groups.slice(0, NAMED);
  const more = hidden.length - named.reduce((count, group) => count + group.members.length, 0);
  const labels = named.map((group) => group.label);
  const list = more > 0 ? `${labels.join(', ')} and ${more} more` : joinWithAnd(labels);
  return { enabled: true, tone: 'ok', text: `Secrets hidden: ${list}`, hidden };
}

function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
