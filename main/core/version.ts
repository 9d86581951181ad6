/** Airlock's version, reported to clients in serverInfo. Kept in step with package.json by a test. */
export const AIRLOCK_VERSION = '0.1.0';
