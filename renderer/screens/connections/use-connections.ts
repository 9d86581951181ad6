import { useCallback, useEffect, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ClientList, ClientView } from './connection-text.ts';

/** The apps Airlock can connect, loaded from main and kept current after each change. */
export function useConnections() {
  const [list, setList] = useState<ClientList>();
  const [loadProblem, setLoadProblem] = useState<string>();

  useEffect(() => {
    let live = true;
    call('listClients').then(
      (answer) => live && setList(answer),
      (error: unknown) => live && setLoadProblem(failureMessage(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  /** Takes the fresh view of one app that a connect or remove answered with. */
  const update = useCallback((client: ClientView) => {
    setList((current) =>
      current
        ? {
            ...current,
            clients: current.clients.map((entry) => (entry.id === client.id ? client : entry)),
          }
        : current,
    );
  }, []);

  return { list, loadProblem, update };
}
