import { call } from '../../app/airlock-api.ts';
import { useCallOutcome } from '../../app/use-call-outcome.ts';
import { Notice } from '../../ui/Notice.tsx';
import { appName } from '../../../preload/contract/words/approval-words.ts';
import {
  clockWords,
  connectionWords,
  standingWords,
  timeLeftWords,
  type StandingAllowView,
} from './approval-words.ts';
import type { ApprovalsState } from './use-approvals.ts';
import { useNow } from './use-now.ts';
import './approvals.css';

/** How often the time left is said again. */
const TICK_MS = 30_000;

/**
 * The apps the person allowed to change files in a folder for an hour, with the time left
 * and Revoke; nothing at all while there are none.
 */
export function StandingAllows({ approvals }: { readonly approvals: ApprovalsState }) {
  const { busy, problem, news, run } = useCallOutcome();
  const { standing } = approvals.view;
  // Told again only while there is a permission to tell of: one given since is counted from
  // its own start until the next tick.
  const now = useNow(TICK_MS, standing.length > 0);

  const revoke = (allow: StandingAllowView) =>
    run(async () => {
      approvals.take(await call('revokeAllow', { id: allow.id }));
      return `${appName(allow.requester)} asks you again before changing files there.`;
    });

  if (standing.length === 0 && !news && !problem) return null;
  return (
    <div className="standing-allows" role="region" aria-labelledby="standing-allows-heading">
      <h3 id="standing-allows-heading">Allowed for 1 hour</h3>
      <Notice message={problem} />
      <Notice message={news} tone="info" />
      {standing.length > 0 && (
        <ul aria-labelledby="standing-allows-heading">
          {standing.map((allow) => (
            <li key={allow.id}>
              <div>
                <p>{standingWords(allow)}.</p>
                <p className="quiet">
                  {capital(connectionWords(allow.requester))}. Until {clockWords(allow.expiresAt)},{' '}
                  {timeLeftWords(allow.expiresAt, Math.max(now, allow.grantedAt))} left.
                </p>
              </div>
              <button
                type="button"
                className="button secondary"
                disabled={busy}
                aria-label={`Revoke: ${standingWords(allow)}`}
                onClick={() => void revoke(allow)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
