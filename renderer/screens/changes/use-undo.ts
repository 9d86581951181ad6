import { useCallback, useRef, useState } from 'react';
import type { UndoPreview, UndoResult } from '../../../preload/contract/change-views.ts';
import { call, failureMessage, IpcFailure } from '../../app/airlock-api.ts';

/** Where one change's undo stands: nothing asked yet, its preview, the undo, its outcome. */
export type UndoStep =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'preview'; readonly preview: UndoPreview }
  | { readonly kind: 'undoing'; readonly preview: UndoPreview }
  | { readonly kind: 'done'; readonly result: UndoResult }
  /** The preview or the undo failed; the preview stays when there was one. */
  | { readonly kind: 'failed'; readonly message: string; readonly preview?: UndoPreview };

export interface Undo {
  readonly step: UndoStep;
  /** Reads what the undo would do; nothing changes. */
  showPreview(): Promise<void>;
  /** Undoes the change; `force` when the person chose to undo it anyway. */
  undo(force: boolean): Promise<void>;
  /** Back to nothing asked. */
  close(): void;
}

/**
 * The undo of one change, preview first: main says what it would do and what changed since,
 * the person says yes, main undoes it. Refused for a conflict the preview did not show (a
 * file changed in between), it reads the preview again, so the person sees why.
 */
export function useUndo(id: string, onUndone?: (result: UndoResult) => void): Undo {
  const [step, setStep] = useState<UndoStep>({ kind: 'idle' });
  const latest = useRef(0);

  const showPreview = useCallback(async () => {
    const asked = ++latest.current;
    setStep({ kind: 'loading' });
    try {
      const preview = await call('previewUndo', { id });
      if (asked === latest.current) setStep({ kind: 'preview', preview });
    } catch (error) {
      if (asked === latest.current) setStep({ kind: 'failed', message: failureMessage(error) });
    }
  }, [id]);

  const undo = useCallback(
    async (force: boolean) => {
      const preview = step.kind === 'preview' || step.kind === 'failed' ? step.preview : undefined;
      if (!preview) return;
      const asked = ++latest.current;
      setStep({ kind: 'undoing', preview });
      try {
        const result = await call('undoChange', { id, force });
        if (asked !== latest.current) return;
        setStep({ kind: 'done', result });
        onUndone?.(result);
      } catch (error) {
        if (asked !== latest.current) return;
        if (error instanceof IpcFailure && error.code === 'conflict') return showPreview();
        setStep({ kind: 'failed', message: failureMessage(error), preview });
      }
    },
    [id, step, onUndone, showPreview],
  );

  const close = useCallback(() => {
    latest.current++;
    setStep({ kind: 'idle' });
  }, []);

  return { step, showPreview, undo, close };
}
