import { useState } from 'react';
import { failureMessage } from './airlock-api.ts';

export interface CallOutcome {
  /** A call is under way: the buttons that would start another are off. */
  readonly busy: boolean;
  /** Main's words for the last call that failed, until one succeeds. */
  readonly problem: string | undefined;
  /** What the last call that succeeded did, in words, until one fails. */
  readonly news: string | undefined;
  /** Runs `work`, which calls main and resolves with what it did in words (or nothing). */
  run(work: () => Promise<string | undefined>): Promise<void>;
  /** A problem found without a call of this screen's own (a picker's). */
  setProblem(problem: string | undefined): void;
}

/** What a screen's calls to main came to, shown as its news or its problem, one at a time. */
export function useCallOutcome(): CallOutcome {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [news, setNews] = useState<string>();
  const run = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      setNews(await work());
      setProblem(undefined);
    } catch (error) {
      setProblem(failureMessage(error));
      setNews(undefined);
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, news, run, setProblem };
}
