/**
 * The data dir cannot be used, for a reason the person can act on (it is a file, it belongs
 * to another user, it cannot be made private). The message is shown as it is.
 */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}
