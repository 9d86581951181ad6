import { useId, type Ref } from 'react';
import { SecretShownOnce } from '../../ui/SecretShownOnce.tsx';
import { shownSecretTitle, type ShownSecret } from './key-text.ts';

interface ShownSecretCardProps {
  readonly shown: ShownSecret;
  /** The card's heading, which takes the focus when the card appears. */
  readonly headingRef: Ref<HTMLHeadingElement>;
  /** Removes the secret from the page. */
  readonly onDone: () => void;
}

/**
 * A key's secret, shown this once: in a read-only field with a Copy button, and the
 * promise that Airlock keeps it in the system keychain and never shows it again. Done
 * (or leaving the section) takes it off the page for good.
 */
export function ShownSecretCard({ shown, headingRef, onDone }: ShownSecretCardProps) {
  const headingId = useId();
  return (
    <section className="card new-key" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {shownSecretTitle(shown)}
      </h2>
      <p>
        Copy it now and paste it into the app you are connecting.
        {shown.rotated && ' The old secret no longer works.'}
      </p>
      <SecretShownOnce
        label="The key"
        secret={shown.secret}
        note={<strong>Stored in your system keychain. Airlock will not show it again.</strong>}
        onDone={onDone}
      />
    </section>
  );
}
