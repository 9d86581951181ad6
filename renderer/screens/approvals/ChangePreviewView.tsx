import { lastName } from '../../../preload/contract/words/approval-words.ts';
import { DiffList } from '../../ui/DiffList.tsx';
import { sizeWords } from '../changes/change-words.ts';
import {
  diffRows,
  folderContentWords,
  mediaWords,
  sizesWords,
  type ChangePreview,
} from './approval-words.ts';

/** What a screen reader hears before a changed line; sighted people see − and + in colour. */
const SPOKEN = { removed: 'Removed: ', added: 'Added: ' };

interface ChangePreviewViewProps {
  readonly preview: ChangePreview;
  /** The item changed, to name what the lists are of. */
  readonly path: string;
}

/**
 * What will happen, before it does: the lines that change in a text, a new file's first
 * lines, a folder's contents, or the type and sizes of anything else.
 */
export function ChangePreviewView({ preview, path }: ChangePreviewViewProps) {
  const name = lastName(path);
  switch (preview.kind) {
    case 'diff':
      return <TextChanges preview={preview} name={name} />;
    case 'first-lines':
      return (
        <>
          <p className="approval-preview-note">
            A new file of {sizeWords(preview.afterBytes)}. It begins:
          </p>
          <pre
            className="code-box approval-code approval-first-lines"
            aria-label={`The first lines of ${name}`}
          >
            {preview.text}
          </pre>
          {preview.truncated && <p className="quiet approval-preview-note">And more after that.</p>}
        </>
      );
    case 'sizes':
      return (
        <p className="approval-preview-note">
          {mediaWords(preview.mediaType)}: {sizesWords(preview)}.
        </p>
      );
    case 'folder':
      return (
        <>
          <p className="approval-preview-note">{folderContentWords(preview)}</p>
          {preview.sample.length > 0 && (
            <ul className="approval-folder-sample" aria-label={`Some of what is in ${name}`}>
              {preview.sample.map((inside) => (
                <li key={inside}>
                  <code>{inside}</code>
                </li>
              ))}
              {(preview.atLeast || preview.sample.length < preview.files + preview.folders) && (
                <li className="quiet">and more</li>
              )}
            </ul>
          )}
        </>
      );
    case 'nothing':
      return <p className="approval-preview-note">Nothing yet: it will be a new, empty folder.</p>;
  }
}

function TextChanges({
  preview,
  name,
}: {
  readonly preview: Extract<ChangePreview, { kind: 'diff' }>;
  readonly name: string;
}) {
  const rows = diffRows(preview.diff);
  const sizes = `${sizeWords(preview.beforeBytes)} now, ${sizeWords(preview.afterBytes)} after.`;
  if (!rows.some((row) => row.op === 'removed' || row.op === 'added')) {
    return <p className="approval-preview-note">The text stays the same. {sizes}</p>;
  }
  return (
    <>
      <p className="approval-preview-note quiet">
        Lines marked − are removed, lines marked + are added. {sizes}
      </p>
      <DiffList
        label={`Changes to the text of ${name}`}
        rows={rows.map((row) =>
          row.op === 'gap' ? { op: 'gap', words: 'Lines not changed' } : row,
        )}
        spoken={SPOKEN}
        className="approval-code"
      />
      {preview.truncated && (
        <p className="quiet approval-preview-note">
          The rest of the changes is not shown here; the sizes above are for the whole file.
        </p>
      )}
    </>
  );
}
