import type { SectionId } from './sections.ts';
import type { AppStatus } from './status-text.ts';

/** What every section of the window gets from the frame around it. */
export interface ScreenProps {
  /** Kept current by main's statusChanged events. */
  readonly status: AppStatus;
  /** Takes a fresher status a call returned, before its event arrives. */
  readonly onStatus: (status: AppStatus) => void;
  readonly navigate: (section: SectionId) => void;
}
