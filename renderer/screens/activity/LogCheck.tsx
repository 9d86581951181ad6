import { useState } from 'react';
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { timeWords } from './activity-words.ts';

type ActivityCheck = ResponseOf<'verifyActivity'>;

interface LogCheckProps {
  /** The last check of this run, if there was one. */
  readonly check: ActivityCheck | null;
  readonly onCheck: (check: ActivityCheck) => void;
}

const STATE_WORDS: Record<ActivityCheck['state'], string> = {
  intact: 'Intact',
  repairable: 'Intact, one record unfinished',
  broken: 'Changed outside Airlock',
};

/** The hash chain's check: its result in plain words, and "Verify now". */
export function LogCheck({ check, onCheck }: LogCheckProps) {
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string>();
  const verify = async () => {
    setChecking(true);
    setProblem(undefined);
    try {
      onCheck(await call('verifyActivity'));
    } catch (error) {
      setProblem(failureMessage(error));
    } finally {
      setChecking(false);
    }
  };
  const tone = checking || !check ? '' : ` check-${check.state}`;
  return (
    <section className={`log-check${tone}`} aria-labelledby="log-check-heading">
      <div className="section-heading">
        <h3 id="log-check-heading">
          Log check{check && !checking ? `: ${STATE_WORDS[check.state]}` : ''}
        </h3>
        <button
          type="button"
          className="button secondary"
          disabled={checking}
          onClick={() => void verify()}
        >
          Verify now
        </button>
      </div>
      <div role="status" aria-live="polite">
        {checking ? (
          <p>Checking every record of the log…</p>
        ) : problem ? (
          <p>{problem}</p>
        ) : check ? (
          <>
            <p>{check.message}</p>
            {check.advice && <p>{check.advice}</p>}
            <p className="quiet">Checked {timeWords(check.checkedAt)}.</p>
          </>
        ) : (
          <p className="quiet">
            Each record carries a fingerprint of the one before it, so a change made outside Airlock
            shows. Not checked yet since Airlock started.
          </p>
        )}
      </div>
      {check?.firstProblem && !checking && (
        <details className="check-details">
          <summary>Technical details</summary>
          <p>{check.firstProblem.message}</p>
          <p>
            File: <code>{check.firstProblem.file}</code>
            {check.firstProblem.line !== undefined && <>, line {check.firstProblem.line}</>}
          </p>
        </details>
      )}
    </section>
  );
}
