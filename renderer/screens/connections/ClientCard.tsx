import { useId, type Ref } from 'react';
import type { AppStatus } from '../../app/status-text.ts';
import { ConnectForm } from './ConnectForm.tsx';
import { clientStateText, connectionText, driftText, type ClientView } from './connection-text.ts';
import { KeyOnce } from './KeyOnce.tsx';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

/** What the last action on this app came to, in words, and a key to show once. */
export interface Outcome {
  readonly message: string;
  readonly tone: 'info' | 'problem';
  readonly secret?: string | undefined;
}

interface ClientCardProps {
  readonly client: ClientView;
  /** Why no app of its kind can be connected now (port 0, no Node.js), if so. */
  readonly blocked: string | null;
  readonly workspaces: AppStatus['workspaces'];
  readonly busy: boolean;
  readonly formOpen: boolean;
  readonly outcome: Outcome | undefined;
  readonly outcomeRef: Ref<HTMLDivElement>;
  readonly onOpenForm: () => void;
  readonly onCloseForm: () => void;
  readonly onConnect: (workspaces?: string[], access?: WorkspaceAccess) => void;
  readonly onInstallLink: (workspaces: string[], access: WorkspaceAccess) => void;
  readonly onRemove: () => void;
  readonly onRepair: () => void;
  readonly onExtension: (action: 'open' | 'reveal') => void;
  readonly onSecretDone: () => void;
  readonly onShareFolder: () => void;
}

/** One app: found or not, connected or not, how it connects, and what can be done. */
export function ClientCard({ outcomeRef, ...props }: ClientCardProps) {
  const { client, busy } = props;
  const headingId = useId();
  const whyNotId = useId();
  const driftId = useId();
  const drift = driftText(client);
  const whyNot = !client.installed
    ? `${client.name} was not found on this computer. Install and open it once, then come back; or use the text under “Other apps”.`
    : (client.problem ?? props.blocked);
  const canConnect = whyNot === null;
  const isHttp = client.connection === 'http';
  const noWorkspaces = isHttp && props.workspaces.length === 0;

  const connect = () => (isHttp ? props.onOpenForm() : props.onConnect());
  const state = drift
    ? 'drift'
    : client.connected
      ? 'connected'
      : client.installed
        ? 'idle'
        : 'missing';

  // A connected app, whether or not its entry drifted: change its key's folders, or remove it.
  const connectedActions = (
    <>
      {isHttp && (
        <button
          type="button"
          className="button secondary"
          disabled={busy || !canConnect}
          aria-describedby={canConnect ? undefined : whyNotId}
          onClick={connect}
        >
          Change folders<span className="visually-hidden"> for {client.name}</span>
        </button>
      )}
      <button type="button" className="button danger" disabled={busy} onClick={props.onRemove}>
        Remove<span className="visually-hidden"> Airlock from {client.name}</span>
      </button>
    </>
  );

  return (
    <li className="card client" aria-labelledby={headingId}>
      <div className="client-head">
        <h3 id={headingId}>{client.name}</h3>
        <span className={`client-state client-state-${state}`}>{clientStateText(client)}</span>
      </div>
      <p className="quiet client-how">
        {connectionText(client)}{' '}
        {client.restartRequired
          ? `${client.name} must be restarted after a change.`
          : `${client.name} picks up a change on its own.`}
      </p>
      <p className="client-file">
        <span className="quiet">Settings file: </span>
        <code>{client.configFile}</code>
      </p>
      {client.keyName && (
        <p className="quiet client-key">Uses the key “{client.keyName}” (see Keys).</p>
      )}
      {/* Polite: a change main notices while the section is open is read out once. */}
      <div aria-live="polite">
        {drift && (
          <p id={driftId} className="warning-box client-drift">
            {drift}
          </p>
        )}
      </div>
      {whyNot && client.installed && (
        <p id={whyNotId} className="warning-box client-problem">
          {whyNot}
        </p>
      )}
      {!client.installed && (
        <p id={whyNotId} className="quiet">
          {whyNot}
        </p>
      )}

      {!props.formOpen && (
        <div className="client-actions">
          {drift ? (
            <>
              <button
                type="button"
                className="button"
                disabled={busy || !canConnect}
                aria-describedby={canConnect ? driftId : whyNotId}
                onClick={props.onRepair}
              >
                Repair<span className="visually-hidden"> {client.name}</span>
              </button>
              {connectedActions}
            </>
          ) : client.connected ? (
            connectedActions
          ) : (
            <button
              type="button"
              className="button"
              disabled={busy || !canConnect}
              aria-describedby={canConnect ? undefined : whyNotId}
              onClick={connect}
            >
              Connect<span className="visually-hidden"> {client.name}</span>
            </button>
          )}
        </div>
      )}

      {client.extensionFile && !client.connected && (
        <div className="client-extension">
          <p>
            Or install Airlock as a {client.name} extension instead: it runs with {client.name}’s
            own parts, needs no change to its settings file and no Node.js. Use the extension or
            Connect, not both.
          </p>
          <div className="client-actions">
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => props.onExtension('open')}
            >
              Install the extension
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => props.onExtension('reveal')}
            >
              Show the extension file
            </button>
          </div>
        </div>
      )}

      {props.formOpen &&
        (noWorkspaces ? (
          <div className="connect-form">
            <p>
              No folder is shared yet. Share a folder the agent can use first, then connect{' '}
              {client.name}.
            </p>
            <div className="connect-actions">
              <button type="button" className="button" onClick={props.onShareFolder}>
                Go to Folders
              </button>
              <button type="button" className="button secondary" onClick={props.onCloseForm}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <ConnectForm
            client={client}
            workspaces={props.workspaces}
            busy={busy}
            onConnect={(chosen, access) => props.onConnect(chosen, access)}
            onInstallLink={client.installLink ? props.onInstallLink : undefined}
            onCancel={props.onCloseForm}
          />
        ))}

      <div ref={outcomeRef} tabIndex={-1} className="client-outcome">
        {props.outcome && (
          <p
            className={`notice notice-${props.outcome.tone}`}
            role={props.outcome.tone === 'problem' ? 'alert' : 'status'}
          >
            {props.outcome.message}
          </p>
        )}
        {props.outcome?.secret && (
          <KeyOnce
            clientName={client.name}
            secret={props.outcome.secret}
            onDone={props.onSecretDone}
          />
        )}
      </div>
    </li>
  );
}
