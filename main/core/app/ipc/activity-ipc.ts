import path from 'node:path';
import type { ActivityChannel } from '../../../../preload/ipc-channels.ts';
import type { ActivityLog } from '../activity/activity-log.ts';
import { refuseOwnFolders, suggestedExportName } from '../activity/activity-export.ts';
import { AppError } from './app-error.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface ActivityIpcDependencies {
  readonly app: {
    readonly activity: ActivityLog;
    /** Airlock's own folder: an export is never saved in it. */
    readonly dataDir: string;
  };
  /** The native save dialog; undefined when the person cancels. */
  readonly pickSaveFile: (suggestedName: string) => Promise<string | undefined>;
}

/** The activity viewer: search, filter menus, the chain's check, and export. */
export function activityIpc(
  deps: ActivityIpcDependencies,
): ChannelImplementations<ActivityChannel> {
  // Read when called: the shell's tests hand in an app without the viewer.
  const activity = () => deps.app.activity;
  return {
    queryActivity: (request) => activity().query(request),
    activityFilters: () => activity().filterOptions(),
    activityState: () => activity().state(),
    verifyActivity: () => activity().verify(),
    exportActivity: async ({ filters, format, beforeSeq }) => {
      const file = await deps.pickSaveFile(suggestedExportName(format));
      if (file === undefined) return null;
      if (!path.isAbsolute(file))
        throw new AppError('invalid_request', 'Choose a place on this computer to save the file.');
      await refuseOwnFolders(file, [deps.app.dataDir, activity().directory]);
      const count = await activity().exportTo(file, filters, format, beforeSeq);
      return { file, count };
    },
  };
}
