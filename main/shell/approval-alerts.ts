import type { Notification } from 'electron';
import { approvalAlertText, ArrivalWatch } from '../core/app/approval-alert.ts';
import type { ApprovalService } from '../core/approvals/approval-service.ts';
import type { MainWindow } from './main-window.ts';
import type { Notifier } from './notifications.ts';

export interface ApprovalAlertTargets {
  readonly approvals: Pick<ApprovalService, 'view' | 'onChange'>;
  readonly window: Pick<MainWindow, 'visible' | 'bringForward' | 'show'>;
  readonly notifier: Notifier;
}

/**
 * Makes each new request seen: the window, where it is answered, comes forward when the
 * person can see it; when it is hidden, a system notification opens it. The notification
 * goes once nothing waits any more. Returns the function that stops it.
 */
export function alertApprovals(targets: ApprovalAlertTargets): () => void {
  const { approvals, window, notifier } = targets;
  const watch = new ArrivalWatch(approvals.view());
  // Held, so the notification (and its click) lives until it is replaced or closed.
  let shown: Pick<Notification, 'close'> | undefined;
  const stop = approvals.onChange(() => {
    const view = approvals.view();
    const first = watch.arrived(view)[0];
    if (view.pending.length === 0) {
      shown?.close();
      shown = undefined;
    }
    if (!first) return;
    if (window.visible) return window.bringForward();
    if (!notifier.isSupported()) return;
    shown?.close();
    const notification = notifier.create(approvalAlertText(first, view.pending.length));
    notification.on('click', () => window.show());
    notification.show();
    shown = notification;
  });
  return () => {
    stop();
    shown?.close();
  };
}
