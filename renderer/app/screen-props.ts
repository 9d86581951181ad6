import type { SectionId } from './sections.ts';
import type { AppStatus } from './status-text.ts';
import type { StatusUpdate } from './status-update.ts';

/** What every section of the window gets from the frame around it. */
export interface ScreenProps {
  /** Kept current by main's statusChanged events. */
  readonly status: AppStatus;
  /**
   * Takes what a call returned before its event arrives: a whole status, or a function
   * laying a part (the folders) over the newest status (see status-update.ts).
   */
  readonly onStatus: (update: StatusUpdate) => void;
  readonly navigate: (section: SectionId) => void;
}
