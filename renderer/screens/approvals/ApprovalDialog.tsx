import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { folderName } from '../folders/folder-text.ts';
import { ChangePreviewView } from './ChangePreviewView.tsx';
import { useNow } from './use-now.ts';
import { appNameAndVersion, waitingWords } from '../../../preload/contract/words/approval-words.ts';
import {
  clockWords,
  connectionWords,
  DECISION_LABELS,
  insideFolder,
  requestTitle,
  scopeWords,
  type ApprovalDecision,
  type ApprovalRequestView,
} from './approval-words.ts';

/**
 * How long the Allow buttons stay off after a request comes into view: a click meant for
 * what was there before (the request just answered, another window) never allows a change
 * the person has not seen. Deny works at once.
 */
export const ALLOW_DELAY_MS = 400;

interface ApprovalDialogProps {
  /** Oldest first: the first is shown, the others wait their turn. */
  readonly pending: readonly ApprovalRequestView[];
  readonly open: boolean;
  /** An answer is on its way to main: no other can be given meanwhile. */
  readonly busy: boolean;
  readonly onDecide: (request: ApprovalRequestView, decision: ApprovalDecision) => void;
  /** Escape: the dialog goes, the requests stay waiting. */
  readonly onLater: () => void;
}

/**
 * A change waiting for the person's OK, on top of whatever section is open: who asks, in
 * which folder, what will happen, and three answers with what each lets happen. Deny has
 * the focus, so Enter never grants anything.
 */
export function ApprovalDialog({ pending, open, busy, onDecide, onLater }: ApprovalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const deny = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const request = pending[0];
  const [armedFor, setArmedFor] = useState<string>();

  // Each request shown, and again once an answer is given: Deny takes the focus in the same
  // commit that shows it, so no key pressed after the dialog appears can reach another button.
  const shownId = open ? request?.id : undefined;
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    else if (!open && element.open) element.close();
    if (open && !busy) deny.current?.focus();
  }, [open, shownId, busy]);

  // Allow waits a moment after each request comes into view.
  useEffect(() => {
    if (!shownId) return;
    const timer = window.setTimeout(() => setArmedFor(shownId), ALLOW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [shownId]);

  return (
    <dialog
      ref={dialog}
      className="dialog approval-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onLater();
      }}
    >
      {request && (
        <RequestBody
          key={request.id}
          request={request}
          position={pending.length > 1 ? pending.length : 0}
          titleId={titleId}
          denyRef={deny}
          allowReady={armedFor === request.id && !busy}
          busy={busy}
          onDecide={(decision) => onDecide(request, decision)}
        />
      )}
      {pending.length > 1 && (
        <div className="approval-next">
          <p className="quiet">Waiting after this one:</p>
          <ol>
            {pending.slice(1).map((next) => (
              <li key={next.id}>{requestTitle(next)}</li>
            ))}
          </ol>
        </div>
      )}
      <p className="quiet approval-later">
        Press Escape to decide later; the request keeps waiting until{' '}
        {request ? clockWords(request.expiresAt) : ''}.
      </p>
    </dialog>
  );
}

interface RequestBodyProps {
  readonly request: ApprovalRequestView;
  /** How many wait in all, when more than one. */
  readonly position: number;
  readonly titleId: string;
  readonly denyRef: React.RefObject<HTMLButtonElement | null>;
  readonly allowReady: boolean;
  readonly busy: boolean;
  readonly onDecide: (decision: ApprovalDecision) => void;
}

function RequestBody({
  request,
  position,
  titleId,
  denyRef,
  allowReady,
  busy,
  onDecide,
}: RequestBodyProps) {
  const whatId = useId();
  const scopeId = useId();
  const now = useNow(15_000);
  const decisions: ApprovalDecision[] = request.launchPoint
    ? ['deny', 'allow-once']
    : ['deny', 'allow-once', 'allow-hour'];
  const item = insideFolder(request.path, request.workspace);
  return (
    <>
      <p className="approval-count">
        {position > 0 ? `1 of ${waitingWords(position)}` : 'A change is waiting for your OK'}
      </p>
      <h2 id={titleId}>{requestTitle(request)}</h2>
      <dl className="approval-facts">
        <div>
          <dt>App</dt>
          <dd>
            {appNameAndVersion(request.requester)}{' '}
            <span className="quiet">{connectionWords(request.requester)}</span>
            {request.calls > 1 && <span className="quiet">, asked {request.calls} times</span>}
          </dd>
        </div>
        <div>
          <dt>Folder</dt>
          <dd>
            {folderName(request.workspace)}{' '}
            <span className="folder-path quiet">{request.workspace}</span>
          </dd>
        </div>
        <div>
          <dt>{request.action === 'create-folder' ? 'New folder' : 'Item'}</dt>
          <dd>
            <code>{item}</code>
          </dd>
        </div>
        {request.destination && (
          <div>
            <dt>Moves to</dt>
            <dd>
              <code>{insideFolder(request.destination, request.workspace)}</code>
            </dd>
          </div>
        )}
      </dl>
      {request.launchPoint && (
        <p className="warning-box approval-launch-point">
          This file can make programs run on your computer. Allow it only if you expected this
          change.
        </p>
      )}
      <div className="approval-what" role="group" aria-labelledby={whatId}>
        <h3 id={whatId}>What will happen</h3>
        <ChangePreviewView preview={request.preview} path={request.path} />
        <p className={request.undoable ? 'approval-undo' : 'approval-undo quiet'}>
          {request.undoable
            ? 'You can undo this later, in Activity or Changes.'
            : 'Airlock cannot keep what this replaces, so you cannot undo this later.'}
        </p>
      </div>
      <div className="approval-choices" role="group" aria-label="Your answer">
        {decisions.map((decision) => (
          <div key={decision} className="approval-choice">
            <button
              ref={decision === 'deny' ? denyRef : undefined}
              type="button"
              className={decision === 'deny' ? 'button' : 'button secondary'}
              disabled={busy || (decision !== 'deny' && !allowReady)}
              aria-describedby={`${scopeId}-${decision}`}
              onClick={() => onDecide(decision)}
            >
              {DECISION_LABELS[decision]}
            </button>
            <p id={`${scopeId}-${decision}`} className="approval-scope quiet">
              {scopeWords(decision, request, now)}
            </p>
          </div>
        ))}
        {request.launchPoint && (
          <p className="approval-scope quiet">
            A change to a file that can make programs run is allowed one at a time, never for an
            hour.
          </p>
        )}
      </div>
    </>
  );
}
