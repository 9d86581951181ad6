import { useCallback, useEffect, useRef, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { ClientCard, type Outcome } from './ClientCard.tsx';
import type { ClientView } from './connection-text.ts';
import { OtherApps } from './OtherApps.tsx';
import { useConnections } from './use-connections.ts';
import './connections.css';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

/**
 * Connecting apps to Airlock: each app Airlock knows, found on this computer or not,
 * connected or not; Connect (HTTP apps first choose folders and access), Remove, Cursor's
 * one-click link, the Claude Desktop extension, and the text for every other app.
 */
export function ConnectionsScreen({ status, navigate }: ScreenProps) {
  const [outcomes, setOutcomes] = useState<Partial<Record<ClientView['id'], Outcome>>>({});
  // What the window last did for an app no longer describes it once the app's settings
  // changed elsewhere; a key still waiting to be copied stays.
  const forgetOutcome = useCallback(
    (id: ClientView['id']) =>
      setOutcomes((current) => {
        if (current[id] === undefined || current[id].secret) return current;
        const rest = { ...current };
        delete rest[id];
        return rest;
      }),
    [],
  );
  const { list, loadProblem, update } = useConnections(forgetOutcome);
  const [formFor, setFormFor] = useState<ClientView['id']>();
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ClientView>();
  const outcomeRefs = useRef(new Map<ClientView['id'], HTMLDivElement | null>());
  /** The app whose outcome takes the focus once the page has changed. */
  const focusOutcome = useRef<ClientView['id']>(undefined);

  useEffect(() => {
    const id = focusOutcome.current;
    if (id === undefined) return;
    focusOutcome.current = undefined;
    outcomeRefs.current.get(id)?.focus();
  });

  const act = async (client: ClientView, work: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      const outcome = await work();
      setOutcomes((current) => ({ ...current, [client.id]: outcome }));
      setFormFor(undefined);
    } catch (error) {
      setOutcomes((current) => ({
        ...current,
        [client.id]: { message: failureMessage(error), tone: 'problem' },
      }));
    } finally {
      setBusy(false);
      focusOutcome.current = client.id;
    }
  };

  const connect = (client: ClientView, workspaces?: string[], access?: WorkspaceAccess) =>
    act(client, async () => {
      const result = await call(
        'connectClient',
        workspaces && access ? { client: client.id, workspaces, access } : { client: client.id },
      );
      update(result.client);
      return { message: result.message, tone: 'info', secret: result.secret ?? undefined };
    });

  /** The same merge as Connect, for an app whose entry is gone or was changed. */
  const repair = (client: ClientView) =>
    act(client, async () => {
      const result = await call('repairClient', { client: client.id });
      update(result.client);
      return { message: result.message, tone: 'info', secret: result.secret ?? undefined };
    });

  const installLink = (client: ClientView, workspaces: string[], access: WorkspaceAccess) =>
    act(client, async () => {
      const result = await call('openCursorInstallLink', { workspaces, access });
      return { message: result.message, tone: 'info' };
    });

  const extension = (client: ClientView, action: 'open' | 'reveal') =>
    act(client, async () => {
      const result = await call('openClaudeExtension', { action });
      return { message: result.message, tone: 'info' };
    });

  const remove = async () => {
    const client = removing;
    setRemoving(undefined);
    if (!client) return;
    await act(client, async () => {
      const result = await call('disconnectClient', { client: client.id });
      update(result.client);
      return { message: result.message, tone: 'info' };
    });
  };

  const blocked = (client: ClientView) =>
    (client.connection === 'http' ? list?.httpProblem : list?.bridgeProblem) ?? null;

  return (
    <div className="connections-screen">
      <div className="section-heading">
        <h2>Connect an app</h2>
      </div>
      <p className="quiet section-intro">
        Let the AI agent in an app use your shared folders. Airlock adds itself to the app’s
        settings and leaves everything else there as it was; a copy of the old settings is kept next
        to them.
      </p>
      <Notice message={loadProblem} />
      {list?.httpProblem && (
        <p className="notice notice-info connections-blocked">
          Apps that connect over HTTP: {list.httpProblem}
        </p>
      )}
      {!list && !loadProblem && <p className="quiet">Looking for apps…</p>}
      {list && (
        <ul className="section-list" aria-label="Apps">
          {list.clients.map((client) => (
            <ClientCard
              key={client.id}
              client={client}
              blocked={blocked(client)}
              workspaces={status.workspaces}
              busy={busy}
              formOpen={formFor === client.id}
              outcome={outcomes[client.id]}
              outcomeRef={(element) => {
                outcomeRefs.current.set(client.id, element);
              }}
              onOpenForm={() => setFormFor(client.id)}
              onCloseForm={() => {
                setFormFor(undefined);
                // The form's buttons are gone: the focus stays in this app's card.
                focusOutcome.current = client.id;
              }}
              onConnect={(workspaces, access) => void connect(client, workspaces, access)}
              onInstallLink={(workspaces, access) => void installLink(client, workspaces, access)}
              onRemove={() => setRemoving(client)}
              onRepair={() => void repair(client)}
              onExtension={(action) => void extension(client, action)}
              onSecretDone={() =>
                setOutcomes((current) => {
                  const outcome = current[client.id];
                  return outcome
                    ? { ...current, [client.id]: { ...outcome, secret: undefined } }
                    : current;
                })
              }
              onShareFolder={() => navigate('folders')}
            />
          ))}
        </ul>
      )}
      {list && <OtherApps clients={list.clients} />}
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove Airlock from ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        risky
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(undefined)}
      >
        <p>
          {removing?.entryDrift === 'gone'
            ? `${removing.name} no longer lists Airlock; Airlock stops offering to add it back.`
            : `Airlock’s entry is taken out of ${removing?.name ?? ''}’s settings; everything else there stays, and a copy of the old settings is kept.`}
          {removing?.keyName &&
            ` Its key “${removing.keyName}” is revoked too, so it can no longer reach your folders.`}
        </p>
      </ConfirmDialog>
    </div>
  );
}
