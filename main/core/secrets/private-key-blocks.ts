import { PEM_BEGIN, PEM_END } from '../audit/secret-patterns.ts';
import type { TextRange } from './text-range.ts';

/**
 * Private key blocks in a file, as one span from `-----BEGIN ... PRIVATE KEY-----` through
 * its `-----END ...-----`, however the file holds the lines between:
 * - as lines of their own (a .pem file, a YAML `|` block, a heredoc, a Python """string""");
 * - in one string with escaped newlines (JSON's `"private_key": "-----BEGIN...\n...\n"`);
 * - as one quoted string per line, joined by `+`, by adjacency or with a `\` continuation;
 * - on one line, its newlines turned into spaces (as some .env files hold a key).
 *
 * The audit's rule masks from any header to the next footer. A file is read back and edited,
 * so hiding code by mistake costs more here: source code that merely names the header and
 * footer (`BEGIN = "-----BEGIN RSA PRIVATE KEY-----"`) must stay visible. So every piece
 * between them must be key material (base64, or runs of it of MIN_SPACED_RUN or more
 * characters apart by single spaces), a block header (`Proc-Type: 4,ENCRYPTED`,
 * `Version: ...`) or empty, once the quotes, `+`, `,` and `\` of the string syntax around it
 * are set aside, and there must be at least MIN_MATERIAL characters of material. A block
 * whose footer is missing (a truncated file) is hidden up to its last piece of material.
 *
 * A block never reaches past the next header, which bounds each header's scan by the text
 * up to the next one: a text of headers alone is scanned once, not once per header.
 */
const MIN_MATERIAL = 40;
const MIN_SPACED_RUN = 40;

/** Between pieces: a newline, or an escaped one inside a string literal. */
const SEPARATOR = /\r?\n|\\r\\n|\\n/g;
const MATERIAL = /^[A-Za-z0-9+/=]{0,100000}$/;
const SPACED_MATERIAL = new RegExp(
  `^(?:[A-Za-z0-9+/=]{${MIN_SPACED_RUN},100000} ){1,1000}[A-Za-z0-9+/=]{1,100000}$`,
);
const BLOCK_HEADER = /^[A-Z][A-Za-z-]{1,30}: \S/;
const HEADER_START = '-----BEGIN';
const FOOTER_START = '-----END';

const SPACE = ' \t\r\v\f';
const OPENING = new Set([...SPACE, '"', "'", '`', '(', '+'].map((c) => c.charCodeAt(0)));
const CLOSING = new Set(
  [...SPACE, '"', "'", '`', ',', ';', ')', '+', '\\'].map((c) => c.charCodeAt(0)),
);

/** The private key block whose header starts at `at`, or undefined if there is none. */
export function privateKeyBlockAt(text: string, at: number): TextRange | undefined {
  const header = new RegExp(PEM_BEGIN.source, 'y');
  header.lastIndex = at;
  const found = header.exec(text);
  if (!found) return undefined;
  const bodyStart = at + found[0].length;
  const nextHeader = text.indexOf(HEADER_START, bodyStart);
  const body = text.slice(bodyStart, nextHeader === -1 ? text.length : nextHeader);
  const end = blockBodyEnd(body);
  return end === undefined ? undefined : { start: at, end: bodyStart + end };
}

/** Where the block whose body `body` starts ends in it, or undefined if it is no block. */
function blockBodyEnd(body: string): number | undefined {
  const separator = new RegExp(SEPARATOR.source, 'g');
  let material = 0;
  let materialEnd = -1;
  let position = 0;
  for (;;) {
    separator.lastIndex = position;
    const next = separator.exec(body);
    let start = position;
    let end = next ? next.index : body.length;
    while (start < end && OPENING.has(body.charCodeAt(start))) start++;
    while (end > start && CLOSING.has(body.charCodeAt(end - 1))) end--;
    const piece = body.slice(start, end);
    const footerAt = piece.indexOf(FOOTER_START);
    if (footerAt !== -1) {
      const footerEnd = footerEndAt(body, start + footerAt);
      const before = piece.slice(0, footerAt).trimEnd();
      if (footerEnd === undefined || !isMaterial(before)) break;
      material += materialLength(before);
      return material >= MIN_MATERIAL ? footerEnd : undefined;
    }
    if (isMaterial(piece)) {
      if (piece.length > 0) {
        material += materialLength(piece);
        materialEnd = end;
      }
    } else if (!BLOCK_HEADER.test(piece)) {
      break;
    }
    if (!next) break;
    position = next.index + next[0].length;
  }
  return material >= MIN_MATERIAL ? materialEnd : undefined;
}

function isMaterial(piece: string): boolean {
  return MATERIAL.test(piece) || SPACED_MATERIAL.test(piece);
}

function materialLength(piece: string): number {
  let spaces = 0;
  for (let at = piece.indexOf(' '); at !== -1; at = piece.indexOf(' ', at + 1)) spaces++;
  return piece.length - spaces;
}

function footerEndAt(text: string, at: number): number | undefined {
  const footer = new RegExp(PEM_END.source, 'y');
  footer.lastIndex = at;
  return footer.exec(text) ? footer.lastIndex : undefined;
}
