/** A half-open range [start, end) of UTF-16 code units in a text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}
