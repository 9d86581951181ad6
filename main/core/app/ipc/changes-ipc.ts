import type { ChangeChannel } from '../../../../preload/ipc-channels.ts';
import type { AppChanges } from '../changes/app-changes.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export interface ChangesIpcDependencies {
  /** Undo, the Changes section and history's size, on the core's restore service. */
  readonly changes: Pick<
    AppChanges,
    'groups' | 'change' | 'preview' | 'undo' | 'planGroup' | 'undoGroup' | 'usage' | 'empty'
  >;
}

/** Changes and their undo: every rule is the restore service's; each channel only asks it. */
export function changesIpc(app: ChangesIpcDependencies): ChannelImplementations<ChangeChannel> {
  return {
    listChangeGroups: ({ limit }) => app.changes.groups(limit),
    getChange: ({ id }) => app.changes.change(id),
    previewUndo: ({ id }) => app.changes.preview(id),
    undoChange: ({ id, force }) => app.changes.undo(id, force),
    planGroupUndo: ({ group }) => app.changes.planGroup(group),
    undoGroup: ({ group, force }) => app.changes.undoGroup(group, force),
    historyUsage: () => app.changes.usage(),
    emptyHistory: () => app.changes.empty(),
  };
}
