import { recordsWords } from '../../audit/record-words.ts';
import type { AnchorStatus, VerifyReport } from '../../audit/verify.ts';

/**
 * What the check can vouch for, in the window's words: who signed the records (the key in
 * the system keychain) and whether the keychain's note of the log's end was met. Each
 * sentence says only what is true, and what could not be told when something is missing.
 */
export function signatureSentence(report: VerifyReport): string {
  const runs = report.macRuns;
  if (runs.length === 0) return '';
  const signed = runs.filter((run) => run.keyed);
  if (signed.length === 0) {
    return ' No record carries a signature: Airlock could not use the system keychain when it wrote them.';
  }
  if (!report.macChecked) {
    return ' Their signatures could not be checked: Airlock cannot use the system keychain now.';
  }
  const unsigned = runs.filter((run) => !run.keyed);
  if (unsigned.length === 0)
    return " Each carries Airlock's signature, checked with the key in your system keychain.";
  const list = unsigned.map((run) => recordsWords(run.from, run.to));
  const one = unsigned.length === 1 && unsigned[0]?.from === unsigned[0]?.to;
  return ` The signed ones were checked with the key in your system keychain. ${capital(joinWords(list))} ${one ? 'carries' : 'carry'} no signature.`;
}

export function anchorSentence(anchor: AnchorStatus): string {
  switch (anchor.state) {
    case 'matched':
      return " Airlock's note of the last record, kept in your system keychain, matches, so records cut from the end or a deleted log would show.";
    case 'none':
      return ' Your system keychain holds no note of where this log ends yet, so if the whole log were deleted, this check could not tell.';
    case 'unavailable':
      return ' Without the system keychain, Airlock keeps no note of where the log ends outside its folder: if the whole log were deleted, this check could not tell.';
    case 'unconfirmed':
      return " Airlock's note of the log's end, in your system keychain, names a record that is no longer kept, so it could not be compared.";
    case 'failed':
      return '';
  }
}

/** What to make of records without a signature after signed ones; undefined when there are none. */
export function unsignedAdvice(report: VerifyReport): string | undefined {
  const later = report.warnings.filter((warning) => warning.kind === 'unkeyed_after_keyed');
  if (later.length === 0) return undefined;
  const list = joinWords(later.map((warning) => recordsWords(warning.from, warning.to)));
  return (
    `${capital(list)} came after signed records but carry no signature. That is expected if ` +
    'Airlock ran for a while without the system keychain. If it did not, someone who can ' +
    "change files in Airlock's folder may have added them."
  );
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
