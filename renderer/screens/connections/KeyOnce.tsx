import { SecretShownOnce } from '../../ui/SecretShownOnce.tsx';

interface KeyOnceProps {
  readonly clientName: string;
  readonly secret: string;
  readonly onDone: () => void;
}

/**
 * The key of an app that keeps it in its own secret storage (VS Code), shown this once:
 * the app asks for it the first time it starts Airlock.
 */
export function KeyOnce({ clientName, secret, onDone }: KeyOnceProps) {
  return (
    <div className="key-once">
      <SecretShownOnce
        label={`The key for ${clientName}`}
        secret={secret}
        note={
          <span className="quiet">
            Paste it when {clientName} asks for the Airlock key. {clientName} keeps it in its own
            secret storage; Airlock keeps it in your system keychain and will not show it again.
          </span>
        }
        copyHint="the key"
        doneHint="with the key"
        onDone={onDone}
      />
    </div>
  );
}
