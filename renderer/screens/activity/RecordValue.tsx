import { count, secretWords } from './activity-words.ts';

/** `[REDACTED]`, `[REDACTED:<kind>]` (what the log writes for a secret), and `[…]` (cut). */
const MARKER = /\[REDACTED(?::([a-z0-9-]+))?\]|\[…\]/g;

/**
 * A text from the log, with every redaction shown as a redaction: a visible badge that says
 * what was hidden, never the marker as if it were the value.
 */
export function LoggedText({ text }: { readonly text: string }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(
      match[0] === '[…]' ? (
        <Badge key={match.index} words="Cut: nested too deeply to record" />
      ) : (
        <Badge key={match.index} words={`Hidden: ${secretWords(match[1])}`} />
      ),
    );
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

function Badge({ words }: { readonly words: string }) {
  return <span className="redaction">{words}</span>;
}

/** File content the log keeps only as its size and hash. */
function isContentDigest(value: object): value is { bytes: number; sha256: string } {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    typeof (value as { bytes?: unknown }).bytes === 'number' &&
    typeof (value as { sha256?: unknown }).sha256 === 'string'
  );
}

/** Any value of a record's arguments or detail, nested as lists. */
export function RecordValue({ value }: { readonly value: unknown }) {
  if (typeof value === 'string') return <LoggedText text={value} />;
  if (typeof value === 'number' || typeof value === 'boolean') return <>{String(value)}</>;
  if (value === null || value === undefined) return <span className="quiet">none</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="quiet">none</span>;
    return (
      <ol className="value-list">
        {value.map((item, index) => (
          <li key={index}>
            <RecordValue value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    if (isContentDigest(value)) {
      return (
        <>
          <Badge words="Not recorded: file content" />{' '}
          <span className="quiet">
            {count(value.bytes)} bytes, SHA-256 <code>{value.sha256}</code>
          </span>
        </>
      );
    }
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="quiet">none</span>;
    return (
      <dl className="value-fields">
        {entries.map(([key, item]) => (
          <div key={key}>
            <dt>
              <LoggedText text={key} />
            </dt>
            <dd>
              <RecordValue value={item} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <>{String(value)}</>;
}
