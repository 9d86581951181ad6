import {
  mergeSecretRanges,
  type RankedSecretRange,
  type SecretKind,
  type SecretSpan,
} from '../audit/secret-patterns.ts';
import { lineRuleFor, rankOf, type LineRule } from './line-rules.ts';
import { privateKeyBlockAt } from './private-key-blocks.ts';
import { findRandomAssignments } from './random-assignments.ts';

/** Which detectors run: the high-confidence rules always, the entropy rule when asked. */
export interface SecretDetection {
  readonly entropy: boolean;
}

/**
 * Each rule's match contains a literal; a trigger finds it by the one character of it that is
 * rarest in ordinary text, with the rest as lookarounds, so the regular expression engine
 * skips through the text looking only for A, J, w, _, :, z, b and -. One pass of all the
 * triggers finds the lines worth scanning: a 1 MiB text with none costs about a millisecond,
 * where the rules one after another cost several. Each trigger takes one character, so none
 * can hide another that starts inside it. The dash is the one character that several share;
 * it is one trigger, told apart in code.
 */
const TRIGGERS: readonly { readonly source: string; readonly kinds: readonly SecretKind[] }[] = [
  { source: 'A(?=KIA|SIA|BIA|CCA)', kinds: ['aws-access-key-id'] },
  { source: 'A(?=Iza)', kinds: ['google-api-key'] },
  { source: '(?<=ey)J', kinds: ['jwt'] },
  { source: '(?<=[Aa])[Ww](?=[Ss])', kinds: ['aws-secret-key'] },
  { source: '(?<=gh[pousr])_|(?<=github)_(?=pat_)', kinds: ['github-token'] },
  { source: '(?<=alk)_', kinds: ['airlock-key'] },
  { source: '(?<=npm)_', kinds: ['npm-token'] },
  { source: '(?<=[sr]k)_(?=live_|test_)', kinds: ['stripe-key'] },
  { source: ':(?=\\/\\/)', kinds: ['slack-webhook'] },
  {
    source:
      '(?<=[Aa][Uu][Tt][Hh][Oo][Rr][Ii])[Zz](?=[Aa][Tt][Ii][Oo][Nn])|[Bb](?=[Ee][Aa][Rr][Ee][Rr])',
    kinds: ['authorization'],
  },
];
/** `sk-`, `xoxb-`, `xapp-` and `-----BEGIN`. */
const DASH_TRIGGER = '(?<=sk|xox[abeoprs]|xapp)-|-(?=----BEGIN)';
const AFTER_SLACK_PREFIX = /(?:xox[abeoprs]|xapp)$/;

const TRIGGER_PATTERN = new RegExp(
  [DASH_TRIGGER, ...TRIGGERS.map(({ source }) => source)].map((s) => `(${s})`).join('|'),
  'g',
);
/** The rules a line is scanned with, by the bit a trigger sets for it. */
const RULE_GROUPS: readonly (readonly LineRule[])[] = [
  ...TRIGGERS.map(({ kinds }) => kinds),
  ['anthropic-key', 'openai-key'] as const,
  ['slack-token'] as const,
  ['url-password'] as const,
].map((kinds) => kinds.map(lineRuleFor));
const URL_TRIGGER = TRIGGERS.findIndex(({ kinds }) => kinds.includes('slack-webhook'));
const OPENAI_STYLE_GROUP = TRIGGERS.length;
const SLACK_GROUP = TRIGGERS.length + 1;
const URL_PASSWORD_GROUP = TRIGGERS.length + 2;

/** The kinds of secret the high-confidence rules find. */
export const HIGH_CONFIDENCE_KINDS: readonly SecretKind[] = [
  'private-key',
  ...RULE_GROUPS.flatMap((rules) => rules.map(({ rule }) => rule.kind)),
];

/** Every secret in a file's text: sorted, non-overlapping spans (see mergeSecretRanges). */
export function findFileSecrets(text: string, detection: SecretDetection): SecretSpan[] {
  const found: RankedSecretRange[] = [];
  const triggers = new RegExp(TRIGGER_PATTERN.source, 'g');
  let line = { start: 0, end: -1, groups: 0 };
  let keyBlockEnd = 0;
  // Where the next @ is: a password in a URL needs one after the ://, on the same line.
  let nextAtSign = -1;
  for (let match = triggers.exec(text); match; match = triggers.exec(text)) {
    const at = match.index;
    if (at >= line.end) {
      scanLine(text, line, found);
      const newline = text.indexOf('\n', at);
      line = {
        start: text.lastIndexOf('\n', at) + 1,
        end: newline === -1 ? text.length : newline,
        groups: 0,
      };
    }
    if (match[1] === undefined) {
      const trigger = triggerIndex(match);
      if (trigger !== URL_TRIGGER) {
        line.groups |= 1 << trigger;
        continue;
      }
      if (text.startsWith('//hooks.slack.com/', at + 1)) line.groups |= 1 << trigger;
      if (nextAtSign < at && nextAtSign !== Infinity) {
        const atSign = text.indexOf('@', at);
        nextAtSign = atSign === -1 ? Infinity : atSign;
      }
      if (nextAtSign < line.end) line.groups |= 1 << URL_PASSWORD_GROUP;
      continue;
    }
    if (at >= keyBlockEnd && text.startsWith('-----BEGIN', at)) {
      const block = privateKeyBlockAt(text, at);
      if (block) {
        found.push({ ...block, kind: 'private-key', rank: rankOf('private-key') });
        keyBlockEnd = block.end;
      }
    }
    if (text.startsWith('sk', at - 2)) line.groups |= 1 << OPENAI_STYLE_GROUP;
    if (AFTER_SLACK_PREFIX.test(text.slice(Math.max(0, at - 4), at))) {
      line.groups |= 1 << SLACK_GROUP;
    }
  }
  scanLine(text, line, found);
  if (detection.entropy) found.push(...findRandomAssignments(text));
  return found.length === 0 ? [] : mergeSecretRanges(found);
}

/** The trigger's place in TRIGGERS; group 1 is the dash. */
function triggerIndex(match: RegExpExecArray): number {
  for (let group = 2; group < match.length; group++) {
    if (match[group] !== undefined) return group - 2;
  }
  throw new Error('A trigger matched without a group.');
}

function scanLine(
  text: string,
  line: { readonly start: number; readonly end: number; readonly groups: number },
  found: RankedSecretRange[],
): void {
  if (line.groups === 0) return;
  const slice = text.slice(line.start, line.end);
  RULE_GROUPS.forEach((rules, group) => {
    if ((line.groups & (1 << group)) === 0) return;
    for (const { rule, accept } of rules) {
      for (const [start, end] of rule.find(slice)) {
        if (end <= start || !accept(slice.slice(start, end))) continue;
        const kind = rule.kind;
        found.push({ start: line.start + start, end: line.start + end, kind, rank: rankOf(kind) });
      }
    }
  });
}
