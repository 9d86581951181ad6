import { lastName } from '../../../preload/contract/words/approval-words.ts';
import { sizeWords } from '../changes/change-words.ts';
import {
  diffRows,
  folderContentWords,
  mediaWords,
  sizesWords,
  type ChangePreview,
  type DiffRow,
} from './approval-words.ts';

/** What a screen reader hears before a changed line; sighted people see − and + in colour. */
const LINE_MARKS: Record<Exclude<DiffRow['op'], 'gap'>, [mark: string, words: string]> = {
  same: [' ', ''],
  removed: ['−', 'Removed: '],
  added: ['+', 'Added: '],
};

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
          <pre className="approval-first-lines" aria-label={`The first lines of ${name}`}>
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
      <ol className="approval-diff" aria-label={`Changes to the text of ${name}`}>
        {rows.map((row, index) =>
          row.op === 'gap' ? (
            <li key={index} className="approval-diff-gap">
              Lines not changed
            </li>
          ) : (
            <li key={index} className={`approval-diff-${row.op}`}>
              <span className="approval-diff-mark" aria-hidden="true">
                {LINE_MARKS[row.op][0]}
              </span>
              {row.op !== 'same' && (
                <span className="visually-hidden">{LINE_MARKS[row.op][1]}</span>
              )}
              <span className="approval-diff-text">{row.text === '' ? ' ' : row.text}</span>
            </li>
          ),
        )}
      </ol>
      {preview.truncated && (
        <p className="quiet approval-preview-note">
          The rest of the changes is not shown here; the sizes above are for the whole file.
        </p>
      )}
    </>
  );
}
