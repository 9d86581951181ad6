import type { SectionId } from '../../app/sections.ts';
import type { AppStatus } from '../../app/status-text.ts';

interface FirstRunProps {
  readonly status: AppStatus;
  readonly onStatus: (status: AppStatus) => void;
  /** Ends the first run; `next` opens that section (Connections, to connect an app now). */
  readonly onDone: (next?: SectionId) => void;
}

export function FirstRun({ onDone }: FirstRunProps) {
  return (
    <main className="first-run">
      <h1>Welcome to Airlock</h1>
      <button type="button" className="button" onClick={() => onDone()}>
        Continue
      </button>
    </main>
  );
}
