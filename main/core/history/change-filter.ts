import type { ChangeRecord } from './change-record.ts';

/** Which changes to list. Every field narrows; none lists them all. */
export interface ChangeFilter {
  readonly since?: Date;
  readonly until?: Date;
  /** The client's name as recorded (name and version), or its start. */
  readonly client?: string;
  /** The session the change was made in (one connection of a client), exactly. */
  readonly session?: string;
  /** A workspace root: changes with any path in it. */
  readonly workspace?: string;
}

/** Whether `record` is one of the changes `filter` asks for. */
export function matchesFilter(record: ChangeRecord, filter: ChangeFilter): boolean {
  const at = Date.parse(record.at);
  if (filter.since && at < filter.since.getTime()) return false;
  if (filter.until && at > filter.until.getTime()) return false;
  if (filter.client !== undefined && !record.client?.startsWith(filter.client)) return false;
  if (filter.session !== undefined && record.session !== filter.session) return false;
  if (filter.workspace !== undefined) {
    const root = filter.workspace;
    const touches = record.steps.some((step) =>
      step.kind === 'moved'
        ? step.from.root === root || step.to.root === root
        : step.at.root === root,
    );
    if (!touches && record.workspaceRoot !== root) return false;
  }
  return true;
}
