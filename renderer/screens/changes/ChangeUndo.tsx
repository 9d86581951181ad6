import { useEffect, useId, useRef } from 'react';
import type { ChangeView, UndoResult } from '../../../preload/contract/change-views.ts';
import { Notice } from '../../ui/Notice.tsx';
import { changeHeadline } from './change-words.ts';
import './changes.css';
import { UndoPreviewView } from './UndoPreviewView.tsx';
import { useUndo } from './use-undo.ts';

interface ChangeUndoProps {
  readonly change: ChangeView;
  /** Shows the preview at once (Review), instead of behind an Undo button (Activity). */
  readonly previewAtOnce?: boolean;
  readonly onUndone?: (result: UndoResult) => void;
}

/**
 * Undo for one change, preview first. A change that cannot be undone says so and why; one
 * undone already says so; with something changed since, the person may undo it anyway.
 */
export function ChangeUndo({ change, previewAtOnce = false, onUndone }: ChangeUndoProps) {
  const { step, showPreview, undo, close } = useUndo(change.id, onUndone);
  const previewId = useId();
  const undoButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  const canUndo = change.state === 'undoable';

  useEffect(() => {
    if (previewAtOnce && canUndo) void showPreview();
  }, [previewAtOnce, canUndo, showPreview]);

  // The person asked for the preview: the focus goes to its answer, the undo button.
  useEffect(() => {
    if (step.kind === 'preview' && opened.current) confirmButton.current?.focus();
  }, [step.kind]);

  if (step.kind === 'done') {
    return (
      <Notice
        tone="info"
        message="Undone. What this change replaced is back. The undo is a change of its own: it is in Activity and in Changes, and it can be undone too."
      />
    );
  }
  if (change.state === 'not_undoable') {
    return <p className="warning-box undo-state">This change cannot be undone. {change.reason}</p>;
  }
  if (change.state === 'undone') {
    return (
      <p className="quiet undo-state">
        This change was undone. To bring it back, undo that undo: it is listed in Changes.
      </p>
    );
  }
  if (change.state === 'in_progress') {
    return (
      <p className="quiet undo-state">This change is still being made. Try again in a moment.</p>
    );
  }

  const preview = step.kind === 'preview' || step.kind === 'undoing' ? step.preview : undefined;
  const shownPreview = preview ?? (step.kind === 'failed' ? step.preview : undefined);
  const conflicts = (shownPreview?.conflicts.length ?? 0) > 0;
  return (
    <div className="change-undo">
      {step.kind === 'idle' && (
        <button
          ref={undoButton}
          type="button"
          className="button secondary"
          aria-label={`Undo: ${changeHeadline(change)}`}
          onClick={() => {
            opened.current = true;
            void showPreview();
          }}
        >
          Undo…
        </button>
      )}
      {step.kind === 'loading' && (
        <p className="quiet" role="status">
          Looking at what the undo would do…
        </p>
      )}
      {shownPreview && (
        <section className="undo-box" aria-labelledby={previewId}>
          <p id={previewId} className="undo-title">
            What undo will do
          </p>
          <UndoPreviewView preview={shownPreview} />
          <div className="undo-actions">
            <button
              ref={confirmButton}
              type="button"
              className={
                conflicts ? 'button warning' : previewAtOnce ? 'button secondary' : 'button'
              }
              disabled={step.kind === 'undoing'}
              onClick={() => void undo(conflicts)}
            >
              {conflicts ? 'Undo anyway' : 'Undo this change'}
            </button>
            {!previewAtOnce && (
              <button
                type="button"
                className="button secondary"
                disabled={step.kind === 'undoing'}
                onClick={() => {
                  close();
                  opened.current = false;
                  // The button comes back on the next render.
                  requestAnimationFrame(() => undoButton.current?.focus());
                }}
              >
                Cancel
              </button>
            )}
            {step.kind === 'undoing' && (
              <p className="quiet" role="status">
                Undoing…
              </p>
            )}
          </div>
        </section>
      )}
      {step.kind === 'failed' && (
        <>
          <Notice message={step.message} />
          {!step.preview && (
            <button type="button" className="button secondary" onClick={() => void showPreview()}>
              Try again
            </button>
          )}
        </>
      )}
    </div>
  );
}
