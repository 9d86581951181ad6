import { useEffect, useRef, useState } from 'react';
import { call, failureMessage, IpcFailure } from '../../app/airlock-api.ts';
import type { SectionId } from '../../app/sections.ts';
import { withWorkspaces, type StatusUpdate } from '../../app/status-update.ts';
import { Notice } from '../../ui/Notice.tsx';
import { AccessChoice } from '../folders/AccessChoice.tsx';
import { sharedText } from '../folders/folder-text.ts';
import { usePickNewWorkspace, type PickedWorkspace } from '../folders/use-pick-new-workspace.tsx';
import '../folders/folders.css';
import './onboarding.css';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

interface FirstRunProps {
  readonly onStatus: (update: StatusUpdate) => void;
  /** Ends the first run; `next` opens that section (Connections, to connect an app now). */
  readonly onDone: (next?: SectionId) => void;
}

const STEPS = ['Choose a folder', 'Choose what agents may do', 'Connect an app'] as const;
type Step = 1 | 2 | 3;

/**
 * The first run, for someone with no folder shared yet: pick a folder (warned when it is
 * risky), choose "Read only" or "Read and change", then connect an app now or later. It
 * can be skipped at any step; main remembers that it is over.
 */
export function FirstRun({ onStatus, onDone }: FirstRunProps) {
  const [step, setStep] = useState<Step>(1);
  const [chosen, setChosen] = useState<PickedWorkspace>();
  const [access, setAccess] = useState<WorkspaceAccess>('read');
  const [shared, setShared] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const picker = usePickNewWorkspace({
    onChosen: (next) => {
      setChosen(next);
      setAccess('read');
      go(2);
    },
    onProblem: setProblem,
  });

  // Keyboard and screen reader users land on the new step's heading, not back at the top.
  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step]);

  function go(next: Step) {
    moved.current = true;
    setStep(next);
  }

  const share = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const { choice, acceptRisk } = chosen;
      const result = await call('addWorkspace', { choice: choice.id, access, acceptRisk });
      // Over the newest status: a pause may have come in while the call ran.
      onStatus(withWorkspaces(result.workspaces));
      setShared(sharedText(result.added.path, result.added.access));
      setProblem(undefined);
      go(3);
    } catch (error) {
      setProblem(failureMessage(error));
      // The choice cannot be used again: back to picking.
      if (error instanceof IpcFailure && error.code === 'choice_expired') {
        setChosen(undefined);
        go(1);
      }
    } finally {
      setBusy(false);
    }
  };

  const skip = (
    <button type="button" className="button secondary" onClick={() => onDone('folders')}>
      Skip for now
    </button>
  );

  return (
    <main className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to Airlock</h1>
      <p className="quiet first-run-intro">
        Airlock lets an AI agent work in the folders you choose, and nowhere else.
      </p>
      <div className="first-run-progress">
        <p className="first-run-count">
          Step {step} of {STEPS.length}
        </p>
        <ol className="first-run-steps" aria-label="Steps">
          {STEPS.map((name, index) => (
            <li
              key={name}
              aria-current={index + 1 === step ? 'step' : undefined}
              className={index + 1 < step ? 'done' : undefined}
            >
              {name}
            </li>
          ))}
        </ol>
      </div>
      <Notice message={problem} />
      <section className="first-run-step" aria-labelledby="first-run-step-heading">
        {step === 1 && (
          <>
            <h2 id="first-run-step-heading" ref={heading} tabIndex={-1}>
              Choose a folder the agent can use
            </h2>
            <p>
              Pick one folder, such as a project or a folder of documents. The agent will see what
              is inside it and nothing else. You can add more folders later.
            </p>
            <div className="first-run-actions">
              <button
                type="button"
                className="button"
                disabled={picker.busy}
                onClick={picker.choose}
              >
                Choose a folder…
              </button>
              {skip}
            </div>
          </>
        )}
        {step === 2 && chosen && (
          <>
            <h2 id="first-run-step-heading" ref={heading} tabIndex={-1}>
              What may the agent do in this folder?
            </h2>
            <p className="folder-path">{chosen.choice.path}</p>
            {chosen.choice.risk && (
              <p className="warning-box folder-warning">
                {chosen.choice.risk.title}. You chose to share it anyway.
              </p>
            )}
            <AccessChoice legend="Permission" value={access} onChange={setAccess} />
            <div className="first-run-actions">
              <button type="button" className="button" disabled={busy} onClick={() => void share()}>
                Share this folder
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setChosen(undefined);
                  setProblem(undefined);
                  go(1);
                }}
              >
                Back
              </button>
              {skip}
            </div>
          </>
        )}
        {step === 3 && (
          <>
            <h2 id="first-run-step-heading" ref={heading} tabIndex={-1}>
              Connect an app
            </h2>
            <p role="status">{shared}</p>
            <p>
              Connect Claude Desktop, Cursor, VS Code or another app so that its agent can use this
              folder. You can also do it later, from Connections.
            </p>
            <div className="first-run-actions">
              <button type="button" className="button" onClick={() => onDone('connections')}>
                Connect an app now
              </button>
              <button type="button" className="button secondary" onClick={() => onDone('folders')}>
                Later
              </button>
            </div>
          </>
        )}
      </section>
      {picker.warning}
    </main>
  );
}
