import { useEffect, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { Notice } from '../../ui/Notice.tsx';
import { ApprovalsGroup } from './ApprovalsGroup.tsx';
import { GuardGroup } from './GuardGroup.tsx';
import { HistoryGroup } from './HistoryGroup.tsx';
import { LaunchPointsGroup } from './LaunchPointsGroup.tsx';
import { LimitsGroup } from './LimitsGroup.tsx';
import { PortGroup } from './PortGroup.tsx';
import { RetentionGroup } from './RetentionGroup.tsx';
import { SecretsGroup } from './SecretsGroup.tsx';
import type { SettingRanges, Settings } from './setting-fields.ts';
import { StartAtLoginGroup } from './StartAtLoginGroup.tsx';
import { ThemeGroup } from './ThemeGroup.tsx';
import './settings.css';

interface Loaded {
  readonly settings: Settings;
  readonly defaults: Settings;
  readonly ranges: SettingRanges;
  readonly launchPointFamilies: readonly string[];
}

/**
 * The settings, in groups a person can make sense of, each saved on its own. Main checks
 * every change again; what it refuses is shown next to its group and nothing is saved.
 */
export function SettingsScreen({ status }: ScreenProps) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let current = true;
    Promise.all([
      call('getSettings'),
      call('getDefaultSettings'),
      call('getSettingRanges'),
      call('getLaunchPointFamilies'),
    ]).then(
      ([settings, defaults, ranges, launchPointFamilies]) =>
        current && setLoaded({ settings, defaults, ranges, launchPointFamilies }),
      (error: unknown) => current && setProblem(failureMessage(error)),
    );
    return () => {
      current = false;
    };
  }, []);
  const onSaved = (settings: Settings) =>
    setLoaded((known) => (known ? { ...known, settings } : known));

  return (
    <div className="settings">
      <h2>Settings</h2>
      <Notice message={problem} />
      {!loaded ? (
        !problem && <p className="quiet">Loading the settings…</p>
      ) : (
        <>
          <p className="quiet">Each group is saved on its own.</p>
          <StartAtLoginGroup settings={loaded.settings} onSaved={onSaved} />
          <ThemeGroup settings={loaded.settings} onSaved={onSaved} />
          <GuardGroup
            settings={loaded.settings}
            defaults={loaded.defaults.guard}
            onSaved={onSaved}
          />
          <SecretsGroup settings={loaded.settings} onSaved={onSaved} />
          <LaunchPointsGroup
            settings={loaded.settings}
            defaults={loaded.defaults.launchPoints}
            families={loaded.launchPointFamilies}
            onSaved={onSaved}
          />
          <ApprovalsGroup settings={loaded.settings} ranges={loaded.ranges} onSaved={onSaved} />
          <LimitsGroup settings={loaded.settings} ranges={loaded.ranges} onSaved={onSaved} />
          <PortGroup
            settings={loaded.settings}
            ranges={loaded.ranges}
            onSaved={onSaved}
            http={status.transports.find((transport) => transport.transport === 'http')}
          />
          <RetentionGroup settings={loaded.settings} ranges={loaded.ranges} onSaved={onSaved} />
          <HistoryGroup settings={loaded.settings} ranges={loaded.ranges} onSaved={onSaved} />
        </>
      )}
    </div>
  );
}
