import { SECRET_RULES, type SecretKind, type SecretRule } from '../audit/secret-patterns.ts';

/**
 * The audit's high-confidence rules, as file masking uses them. Every one of them matches
 * within one line, so a line can be scanned on its own with the same result as the whole
 * text: none of their characters, lookbehinds or lookaheads take a newline.
 *
 * Files are not arguments: code says `authorization = request.headers.get(...)` and config
 * templates say `postgres://app:${DB_PASSWORD}@db`. Two rules are therefore stricter here than
 * in the audit, where over-masking costs nothing; hiding these would show the agent a
 * placeholder where the person sees plain code.
 */
export interface LineRule {
  readonly rule: SecretRule;
  /** Whether what the rule found is a secret rather than code or a template. */
  readonly accept: (value: string) => boolean;
}

const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]{0,200}(?:\.[A-Za-z_$][\w$]{0,200}){1,20}$/;
const LETTERS_ONLY = /^[A-Za-z]{1,4096}$/;
/** `${DB_PASSWORD}`, `$DB_PASSWORD`, `{{ password }}`, `<password>`, `%(password)s`, `{password}`. */
const WHOLE_TEMPLATE =
  /^(?:\$\{[^}]{0,200}\}|\$[A-Za-z_]\w{0,200}|\{\{[^}]{0,200}\}\}|<[^<>]{0,200}>|%\([^)]{0,200}\)s|\{[A-Za-z_]\w{0,200}\})$/;

const STRICTER: Partial<Record<SecretKind, (value: string) => boolean>> = {
  authorization: (value) => !LETTERS_ONLY.test(value) && !DOTTED_IDENTIFIER.test(value),
  'url-password': (value) => !WHOLE_TEMPLATE.test(value),
};

/** The line rule for a kind; throws for the kinds that are not one-line rules. */
export function lineRuleFor(kind: SecretKind): LineRule {
  const rule = SECRET_RULES.find((candidate) => candidate.kind === kind);
  if (!rule || kind === 'private-key' || kind === 'generic-secret') {
    throw new Error(`${kind} is not a one-line rule.`);
  }
  return { rule, accept: STRICTER[kind] ?? (() => true) };
}

const RANKS: ReadonlyMap<SecretKind, number> = new Map(
  SECRET_RULES.map((rule, rank) => [rule.kind, rank]),
);

/** A kind's place in the audit's table: when two finds overlap, the lower names the span. */
export function rankOf(kind: SecretKind): number {
  return RANKS.get(kind) ?? SECRET_RULES.length;
}
