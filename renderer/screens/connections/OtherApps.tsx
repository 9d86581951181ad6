import { useEffect, useId, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { ClientView, Snippet, SnippetList } from './connection-text.ts';

interface OtherAppsProps {
  readonly clients: readonly ClientView[];
}

type Target = ClientView['id'] | 'other';

/**
 * The text to add Airlock by hand: for an app not in the list (a local command or an
 * HTTP address), or for a listed app whose settings file Airlock will not change. Copy
 * asks main to put exactly that text on the clipboard.
 */
export function OtherApps({ clients }: OtherAppsProps) {
  const [target, setTarget] = useState<Target>('other');
  const [snippets, setSnippets] = useState<SnippetList>();
  const [problem, setProblem] = useState<string>();
  const [copied, setCopied] = useState<string>();
  const headingId = useId();
  const selectId = useId();

  useEffect(() => {
    let live = true;
    call('clientSnippet', target === 'other' ? {} : { client: target }).then(
      (answer) => {
        if (!live) return;
        setSnippets(answer);
        setProblem(undefined);
      },
      (error: unknown) => live && setProblem(failureMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [target]);

  const copy = async (snippet: Snippet) => {
    try {
      const answer = await call(
        'copyClientSnippet',
        target === 'other' ? { kind: snippet.kind } : { client: target, kind: snippet.kind },
      );
      setCopied(answer.message);
    } catch (error) {
      setCopied(failureMessage(error));
    }
  };

  return (
    <section className="other-apps" aria-labelledby={headingId}>
      <h2 id={headingId}>Other apps</h2>
      <p className="quiet">
        For an app that is not listed above, or to add Airlock by hand: copy this text into the
        app’s MCP settings. For an app that connects over HTTP, replace the key placeholder with a
        key from the Keys page.
      </p>
      <label htmlFor={selectId}>Show the text for</label>{' '}
      <select
        id={selectId}
        value={target}
        onChange={(event) => {
          setTarget(event.target.value as Target);
          setCopied(undefined);
        }}
      >
        <option value="other">An app not in the list</option>
        {clients.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
      </select>
      {problem && (
        <p className="notice notice-problem" role="alert">
          {problem}
        </p>
      )}
      {snippets?.snippets.map((snippet) => (
        <SnippetBlock
          key={`${target}-${snippet.kind}`}
          snippet={snippet}
          onCopy={() => void copy(snippet)}
        />
      ))}
      {snippets?.notes.map((note) => (
        <p key={note} className="quiet snippet-note">
          {note}
        </p>
      ))}
      <p className="snippet-copied" role="status">
        {copied ?? ''}
      </p>
    </section>
  );
}

function SnippetBlock({ snippet, onCopy }: { snippet: Snippet; onCopy: () => void }) {
  const titleId = useId();
  return (
    <div className="snippet" role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{snippet.title}</h3>
      {/* Focusable, so that a long text can be scrolled by keyboard. */}
      <pre className="snippet-text" tabIndex={0}>
        <code>{snippet.text}</code>
      </pre>
      <button type="button" className="button secondary" onClick={onCopy}>
        Copy<span className="visually-hidden"> the text: {snippet.title}</span>
      </button>
    </div>
  );
}
