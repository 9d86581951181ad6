import type { Socket } from 'node:net';

export type HandshakeLine =
  /** `rest` is whatever arrived after the newline; it belongs to the MCP stream. */
  | { readonly kind: 'line'; readonly line: string; readonly rest: Buffer }
  | { readonly kind: 'too-long' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed' };

/**
 * Reads the first line from a fresh connection, at most `maxBytes` long and within
 * `timeoutMs`. On a line, the socket is left paused with nothing consumed beyond the
 * newline, so the caller can hand the rest to the MCP transport. `received` is what was
 * already read from the socket: the next line reads from it first (the approval request
 * after its handshake).
 */
export function readHandshakeLine(
  socket: Socket,
  maxBytes: number,
  timeoutMs: number,
  received: Buffer = Buffer.alloc(0),
): Promise<HandshakeLine> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let finished = false;
    const finish = (result: HandshakeLine) => {
      finished = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onClosed);
      socket.off('close', onClosed);
      socket.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      const newline = chunk.indexOf(0x0a);
      const upToLine = newline === -1 ? chunk.length : newline;
      if (length + upToLine > maxBytes) return finish({ kind: 'too-long' });
      if (newline === -1) {
        chunks.push(chunk);
        length += chunk.length;
        return;
      }
      chunks.push(chunk.subarray(0, newline));
      const line = Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
      finish({ kind: 'line', line, rest: chunk.subarray(newline + 1) });
    };
    const onClosed = () => finish({ kind: 'closed' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('data', onData);
    socket.once('end', onClosed);
    socket.once('close', onClosed);
    if (received.length > 0) onData(received);
    // A socket paused by an earlier read does not flow again on its own.
    if (!finished) socket.resume();
  });
}
