import { useState } from 'react';
import { call, failureMessage } from './airlock-api.ts';
import {
  accessButtonText,
  accessStateText,
  clientDetailText,
  clientsText,
  clientTitle,
  transportName,
  transportStateText,
  type AppStatus,
} from './status-text.ts';

interface HeaderProps {
  readonly status: AppStatus | undefined;
  readonly onStatus: (status: AppStatus) => void;
  readonly onProblem: (message: string | undefined) => void;
}

/** Running or paused with the kill switch (the tray's own), the transports, the clients. */
export function Header({ status, onStatus, onProblem }: HeaderProps) {
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    if (!status) return;
    setBusy(true);
    try {
      onStatus(await call('setPaused', { paused: !status.paused }));
      onProblem(undefined);
    } catch (error) {
      onProblem(failureMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <header className="header">
      <div className="header-main">
        <div>
          <h1>Airlock</h1>
          <p
            className={status?.paused ? 'access-state paused' : 'access-state'}
            role="status"
            aria-live="polite"
          >
            {status ? accessStateText(status) : 'Starting…'}
          </p>
        </div>
        <button
          type="button"
          className={status?.paused ? 'button' : 'button warning'}
          disabled={!status || busy}
          onClick={() => void toggle()}
        >
          {accessButtonText(status?.paused ?? false)}
        </button>
      </div>
      {status && (
        <div className="header-details">
          <ul className="transport-list" aria-label="How apps connect">
            {status.transports.map((transport) => (
              <li key={transport.transport} className="transport">
                <strong>{transportName(transport.transport)}: </strong>
                <span className={transport.state === 'listening' ? 'address' : 'quiet'}>
                  {transportStateText(transport)}
                </span>
              </li>
            ))}
          </ul>
          <div className="clients">
            <p className="quiet">{clientsText(status.clients.length)}</p>
            {status.clients.length > 0 && (
              <ul className="client-list" aria-label="Clients connected now">
                {status.clients.map((client, index) => (
                  <li key={`${client.transport}-${client.since}-${index}`}>
                    <strong>{clientTitle(client)}</strong>{' '}
                    <span className="quiet">{clientDetailText(client)}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </header>
  );
}
