/**
 * An expected failure with a code from a fixed set, so that callers (and, through IPC, the
 * window) can act on each case without parsing messages. Each area names its own subclass
 * and codes; the message is written for a person and says what to do next.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
