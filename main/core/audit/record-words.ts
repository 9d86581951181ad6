const count = new Intl.NumberFormat('en-US');

/** A record number as people read it: 4,513. */
export function seqWords(seq: number): string {
  return count.format(seq);
}

/** "record 7", or "records 4,513 to 4,600". */
export function recordsWords(from: number, to: number): string {
  return from === to ? `record ${seqWords(from)}` : `records ${seqWords(from)} to ${seqWords(to)}`;
}

/** "record 7 is gone", or "records 4,513 to 4,600 are gone". */
export function goneWords(from: number, to: number): string {
  return `${recordsWords(from, to)} ${from === to ? 'is' : 'are'} gone`;
}
