// One row of the report: a measure, both figures, their ratio, the target and the verdict.

/** PASS/MISS against a target; INFO when reported only; N/A when it could not be measured. */
export type Status = 'PASS' | 'MISS' | 'INFO' | 'N/A' | 'ERROR';

export interface Row {
  measure: string;
  /** Airlock's figure in milliseconds, or the subject's when `subjectName` says another. */
  airlockMs?: number;
  /** Set when the first figure is not Airlock's: the baseline it measures instead. */
  subjectName?: string;
  /** What Airlock is compared with: `official`, `find`, `rg`. */
  referenceName: string;
  referenceMs?: number;
  /** The ratio the target is stated in (see ratioLabel). */
  ratio?: number;
  ratioLabel: string;
  target: string;
  status: Status;
  note?: string;
}

export function errorRow(measure: string, referenceName: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return {
    measure,
    referenceName,
    ratioLabel: '',
    target: '',
    status: 'ERROR',
    note: message.split('\n').slice(0, 6).join(' | '),
  };
}

export function verdict(pass: boolean): Status {
  return pass ? 'PASS' : 'MISS';
}
