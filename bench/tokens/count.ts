// Counts what a model may read from an answer, in o200k_base tokens (the encoding of
// GPT-4o and later OpenAI models; gpt-tokenizer ships its ranks inside the package). No
// tokenizer matches every model, but the same one on both servers makes the ratio fair.
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export const TOKENIZER = 'o200k_base (gpt-tokenizer 4.0.0)';

export interface TokenCount {
  /** Tokens in the text content blocks (other blocks as their JSON). */
  text: number;
  /** Tokens in JSON.stringify(structuredContent); 0 when there is none. */
  structured: number;
  total: number;
  /** UTF-8 bytes of the same two parts, summed. */
  bytes: number;
}

export const ZERO: TokenCount = { text: 0, structured: 0, total: 0, bytes: 0 };

export function tokensOf(text: string): number {
  return text === '' ? 0 : countTokens(text);
}

/**
 * The parts of an answer a model may be given: each text block's text (a resource or image
 * block as its JSON), and the structured content as the JSON a client would pass on.
 * `canonical` rewrites machine-specific strings (the fixture's temporary path) first.
 */
export function readableParts(
  result: CallToolResult,
  canonical: (text: string) => string = (text) => text,
): { texts: string[]; structured: string } {
  const texts = result.content.map((block) =>
    canonical(block.type === 'text' ? block.text : JSON.stringify(block)),
  );
  const structured =
    result.structuredContent === undefined
      ? ''
      : canonical(JSON.stringify(result.structuredContent));
  return { texts, structured };
}

export function countAnswer(
  result: CallToolResult,
  canonical?: (text: string) => string,
): TokenCount {
  const { texts, structured } = readableParts(result, canonical);
  const text = texts.reduce((sum, part) => sum + tokensOf(part), 0);
  const structuredTokens = tokensOf(structured);
  const bytes =
    texts.reduce((sum, part) => sum + Buffer.byteLength(part), 0) + Buffer.byteLength(structured);
  return { text, structured: structuredTokens, total: text + structuredTokens, bytes };
}

/** tools/list as a client sends it to the model: the whole tools array, as JSON. */
export function countToolList(
  tools: readonly Tool[],
  canonical?: (text: string) => string,
): TokenCount {
  const json = (canonical ?? ((text: string) => text))(JSON.stringify(tools));
  const text = tokensOf(json);
  return { text, structured: 0, total: text, bytes: Buffer.byteLength(json) };
}

export function addCounts(a: TokenCount, b: TokenCount): TokenCount {
  return {
    text: a.text + b.text,
    structured: a.structured + b.structured,
    total: a.total + b.total,
    bytes: a.bytes + b.bytes,
  };
}
