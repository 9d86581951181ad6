import type { ScreenProps } from '../../app/screen-props.ts';
import { Notice } from '../../ui/Notice.tsx';
import { ChangeGroupCard } from './ChangeGroupCard.tsx';
import './changes.css';
import { useChangeGroups } from './use-change-groups.ts';

/**
 * Changes: what agents changed in the folders, by app and by session, for someone who does
 * not read logs. Each group can be reviewed change by change, and undone all at once.
 */
export function ChangesScreen(_props: ScreenProps) {
  const { groups, problem, refresh } = useChangeGroups();
  return (
    <div className="changes">
      <h2>Changes</h2>
      <p className="section-intro quiet">
        What agents changed in your folders, by app and by session. Review a change to see what
        undoing it would do, or undo a whole session at once. Nothing is lost by an undo: it is a
        change of its own, which you can undo again.
      </p>
      <Notice message={problem} />
      {!groups ? (
        !problem && <p className="quiet">Loading the changes…</p>
      ) : groups.groups.length === 0 ? (
        <p className="quiet empty-changes">
          No changes yet. When an agent changes a file in your folders, it shows here, and you can
          undo it.
        </p>
      ) : (
        <>
          <ul className="section-list change-groups" aria-label="Changes by app and session">
            {groups.groups.map((group) => (
              <ChangeGroupCard key={JSON.stringify(group.ref)} group={group} onChanged={refresh} />
            ))}
          </ul>
          {groups.more && (
            <p className="quiet">Older changes are not listed here; they are in Activity.</p>
          )}
        </>
      )}
    </div>
  );
}
