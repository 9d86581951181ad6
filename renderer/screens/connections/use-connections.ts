import { useCallback, useEffect, useRef, useState } from 'react';
import { call, failureMessage, subscribe } from '../../app/airlock-api.ts';
import type { ClientList, ClientView } from './connection-text.ts';

/**
 * The apps Airlock can connect, checked when the section opens and kept current: main
 * watches their settings files while the section is open and in view, and sends each app
 * whose file changed. The watch ends when the section closes or the window is hidden, and
 * starts again, with a fresh check, when it shows. `onChangedElsewhere` hears of an app
 * whose state changed outside the window (connected or not, gone or changed).
 */
export function useConnections(onChangedElsewhere: (id: ClientView['id']) => void) {
  const [list, setList] = useState<ClientList>();
  const [loadProblem, setLoadProblem] = useState<string>();
  /**
   * The newest list, set with it (not after the next render), so that an event handled
   * just after a reply compares with what that reply brought.
   */
  const latest = useRef<ClientList>(undefined);
  const show = useCallback((next: ClientList) => {
    latest.current = next;
    setList(next);
  }, []);

  /** Takes a fresh view of one app: a connect's or remove's answer, or main's event. */
  const update = useCallback(
    (client: ClientView) => {
      const current = latest.current;
      if (!current) return;
      show({
        ...current,
        clients: current.clients.map((entry) => (entry.id === client.id ? client : entry)),
      });
    },
    [show],
  );

  useEffect(() => {
    let live = true;
    // This section's own name for its watch: a late "stop" from a section that has since
    // closed cannot end a newer section's watch.
    const watcher = newWatcherName();
    const stopEvents = subscribe('clientChanged', (client) => {
      if (!live) return;
      const before = latest.current?.clients.find((entry) => entry.id === client.id);
      // Airlock's own write (a connect) is seen by the watch too, and changes nothing here.
      if (
        before &&
        (before.connected !== client.connected || before.entryDrift !== client.entryDrift)
      )
        onChangedElsewhere(client.id);
      update(client);
    });
    const watch = () =>
      call('watchClients', { watcher }).then(
        (answer) => {
          if (!live) return;
          show(answer);
          setLoadProblem(undefined);
        },
        (error: unknown) => live && setLoadProblem(failureMessage(error)),
      );
    const unwatch = () => void call('unwatchClients', { watcher }).catch(() => undefined);
    const onVisibility = () => (document.hidden ? unwatch() : void watch());
    if (!document.hidden) void watch();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      stopEvents();
      document.removeEventListener('visibilitychange', onVisibility);
      unwatch();
    };
  }, [show, update, onChangedElsewhere]);

  return { list, loadProblem, update };
}

function newWatcherName(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
