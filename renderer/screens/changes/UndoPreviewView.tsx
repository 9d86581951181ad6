import { useId } from 'react';
import type { UndoPreview } from '../../../preload/contract/change-views.ts';
import { DiffList } from '../../ui/DiffList.tsx';
import { effectWords, fileName, plural, sizeWords, type PathPreview } from './change-words.ts';

/** The words a screen reader hears before a changed line; sighted people see − and +. */
const SPOKEN = { removed: 'Goes: ', added: 'Comes back: ' };

/**
 * What undoing a change would do, before the person says yes: what changed since (if
 * anything), then each path: a diff for text, the type and sizes for anything else, the
 * files of a folder.
 */
export function UndoPreviewView({ preview }: { readonly preview: UndoPreview }) {
  const conflictsId = useId();
  return (
    <div className="undo-preview">
      {preview.conflicts.length > 0 && (
        <div className="warning-box undo-conflicts" role="group" aria-labelledby={conflictsId}>
          <p id={conflictsId} className="conflicts-title">
            Changed since this change:
          </p>
          <ul>
            {preview.conflicts.map((conflict, index) => (
              <li key={index}>{conflict}</li>
            ))}
          </ul>
          <p>
            You can undo it anyway. The version there now is kept in history first, so nothing is
            lost: to get it back, undo the undo.
          </p>
        </div>
      )}
      <ul className="path-previews">
        {preview.paths.map((path, index) => (
          <li key={index}>
            <p className="path-effect">{effectWords(path)}.</p>
            <PathDetail preview={path} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function PathDetail({ preview }: { readonly preview: PathPreview }) {
  switch (preview.kind) {
    case 'text':
      return <TextDiff preview={preview} />;
    case 'file':
      return (
        <p className="path-sizes">
          {capital(preview.type)}: {sizeWords(preview.sizeNow)} now, {sizeWords(preview.sizeAfter)}{' '}
          after the undo.
        </p>
      );
    case 'folder':
      return preview.files.length === 0 ? (
        <p className="quiet">It holds no files.</p>
      ) : (
        <>
          <p className="path-files-title">Files in it:</p>
          <ul className="path-files" aria-label={`Files in ${fileName(preview.path)}`}>
            {preview.files.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
            {preview.more && <li className="quiet">and more</li>}
          </ul>
        </>
      );
    case 'other':
      return null;
  }
}

function TextDiff({ preview }: { readonly preview: Extract<PathPreview, { kind: 'text' }> }) {
  const changed = preview.lines.some((line) => line.op === 'removed' || line.op === 'added');
  if (!changed) return <p className="quiet">The text is the same; only the file itself changes.</p>;
  return (
    <>
      <p className="diff-legend quiet">Lines marked − go, lines marked + come back.</p>
      <DiffList
        label={`Changes to the text of ${fileName(preview.path)}`}
        rows={preview.lines.map((line) =>
          line.op === 'skipped'
            ? { op: 'gap', words: `${plural(line.count, 'line')} the same` }
            : line,
        )}
        spoken={SPOKEN}
      />
      {preview.cut && <p className="quiet">The rest is not shown here.</p>}
    </>
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
