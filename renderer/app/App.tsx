import { useState } from 'react';
import { ActivityScreen } from '../screens/activity/ActivityScreen.tsx';
import { ApprovalRequests } from '../screens/approvals/ApprovalRequests.tsx';
import { useApprovals } from '../screens/approvals/use-approvals.ts';
import { ChangesScreen } from '../screens/changes/ChangesScreen.tsx';
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.tsx';
import { FoldersScreen } from '../screens/folders/FoldersScreen.tsx';
import { KeysScreen } from '../screens/keys/KeysScreen.tsx';
import { FirstRun } from '../screens/onboarding/FirstRun.tsx';
import { useFirstRun } from '../screens/onboarding/use-first-run.ts';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { Notice } from '../ui/Notice.tsx';
import { Header } from './Header.tsx';
import { Navigation } from './Navigation.tsx';
import type { ScreenProps } from './screen-props.ts';
import { SECTIONS, type SectionId } from './sections.ts';
import { useSavedTheme } from './theme.ts';
import { useStatus } from './use-status.ts';

const SCREENS: Record<SectionId, (props: ScreenProps) => React.JSX.Element> = {
  folders: FoldersScreen,
  activity: ActivityScreen,
  changes: ChangesScreen,
  keys: KeysScreen,
  connections: ConnectionsScreen,
  settings: SettingsScreen,
};

/**
 * The frame of the window: the header with the kill switch, the changes waiting for the
 * person's OK over everything, the sections, and the open section. Someone with no folder
 * yet is walked through the first run instead.
 */
export function App() {
  const { status, problem, setStatus } = useStatus();
  useSavedTheme();
  const [section, setSection] = useState<SectionId>('folders');
  const [headerProblem, setHeaderProblem] = useState<string>();
  const firstRun = useFirstRun(status);
  const approvals = useApprovals();

  // Undecided only for the moment main takes to say whether the first run was done.
  if (firstRun.show === undefined) return null;
  if (firstRun.show && status) {
    return (
      <FirstRun
        onStatus={setStatus}
        onDone={(next) => {
          firstRun.finish();
          if (next) setSection(next);
        }}
      />
    );
  }

  const Screen = SCREENS[section];
  const label = SECTIONS.find((entry) => entry.id === section)?.label ?? '';
  return (
    <div className="frame">
      <Header status={status} onStatus={setStatus} onProblem={setHeaderProblem} />
      <Notice message={problem ?? headerProblem} />
      <ApprovalRequests approvals={approvals} />
      <div className="body">
        <Navigation current={section} onSelect={setSection} />
        <main className="screen" aria-label={label}>
          {status ? (
            <Screen status={status} onStatus={setStatus} navigate={setSection} />
          ) : (
            <p className="quiet">Starting…</p>
          )}
        </main>
      </div>
    </div>
  );
}
