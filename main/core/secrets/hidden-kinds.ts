import type { SecretKind } from '../audit/secret-patterns.ts';

/**
 * How a placeholder names each kind of secret, for the agent and for the person reading over
 * its shoulder. A label is also how a placeholder is parsed back, so each is unique, and none
 * may contain a word that a rule keys on ("Bearer", "aws=", "://"): a placeholder is never a
 * secret itself.
 */
export const HIDDEN_KIND_LABELS: Readonly<Record<SecretKind, string>> = {
  'private-key': 'private key',
  'aws-access-key-id': 'AWS access key ID',
  'aws-secret-key': 'AWS secret key',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook secret',
  'anthropic-key': 'Anthropic API key',
  'openai-key': 'OpenAI API key',
  'stripe-key': 'Stripe secret key',
  'google-api-key': 'Google API key',
  jwt: 'JSON Web Token',
  'airlock-key': 'Airlock key',
  'npm-token': 'npm token',
  authorization: 'authorization credential',
  'url-password': 'password in a URL',
  'generic-secret': 'random-looking secret value',
};

const KINDS_BY_LABEL: ReadonlyMap<string, SecretKind> = new Map(
  Object.entries(HIDDEN_KIND_LABELS).map(([kind, label]) => [label, kind as SecretKind]),
);

/** The kind a placeholder's label names, or undefined for a label Airlock never writes. */
export function kindOfLabel(label: string): SecretKind | undefined {
  return KINDS_BY_LABEL.get(label);
}
