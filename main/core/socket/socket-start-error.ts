/**
 * The local socket cannot be served, for a reason the person can act on (Airlock is already
 * running, the data folder is not private, …). The message is shown as it is.
 */
export class SocketStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocketStartError';
  }
}
