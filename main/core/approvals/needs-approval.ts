import type { AskBefore, ChangeAction } from '../../../preload/contract/approval-views.ts';

/** The changes that remove or overwrite something that was there: "deleting, moving or replacing". */
const REPLACING: ReadonlySet<ChangeAction> = new Set(['replace', 'edit', 'delete', 'move', 'undo']);

/**
 * Whether a change waits for the person's OK. A launch point always does: its change runs
 * code outside Airlock, so it happens only when the person chose "ask me" for launch points
 * (otherwise the policy refuses it before it gets here) and approved this one.
 */
export function needsApproval(
  askBefore: AskBefore,
  action: ChangeAction,
  launchPoint: boolean,
): boolean {
  if (launchPoint) return true;
  switch (askBefore) {
    case 'nothing':
      return false;
    case 'replacing':
      return REPLACING.has(action);
    case 'every-change':
      return true;
  }
}
