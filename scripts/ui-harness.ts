// `npm run ui:harness`: serves the built window with the real main-process handlers behind
// it, for e2e tests and for looking at the window in a browser: no Electron binary can start
// on our machines, so this is how the real window is seen and tested.
//   node scripts/ui-harness.ts [--port 0] [--data-dir DIR] [--pick-folder PATH]
//                              [--save-file PATH] [--renderer-dir DIR] [--home DIR]
//                              [--client-platform linux|darwin|win32] [--reply-delay-ms N]
// Prints one line, `ui-harness: http://127.0.0.1:PORT/#token=...`, and runs until SIGINT
// or SIGTERM. This is a test fixture, not a product mode.
import { parseArgs } from 'node:util';
import { startUiHarness } from './ui-harness/start-ui-harness.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'pick-folder': { type: 'string' },
    'save-file': { type: 'string' },
    'renderer-dir': { type: 'string' },
    /**
     * The person's home folder, instead of the real one: what the folder risk warnings
     * compare with, and where the Connections page finds apps' settings (without it, a
     * folder in the data dir: never the real apps).
     */
    home: { type: 'string' },
    /** The OS layout of that home: linux, darwin or win32 (this machine's by default). */
    'client-platform': { type: 'string' },
    /** Holds every reply this long, so that main's later events overtake it (tests only). */
    'reply-delay-ms': { type: 'string', default: '0' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`ui-harness: --port must be a port number, not "${values.port}"`);
  process.exit(2);
}

function clientPlatform(value: string | undefined): 'linux' | 'darwin' | 'win32' | undefined {
  if (value === undefined || value === 'linux' || value === 'darwin' || value === 'win32')
    return value;
  console.error(`ui-harness: --client-platform must be linux, darwin or win32, not "${value}"`);
  process.exit(2);
}

const replyDelayMs = Number(values['reply-delay-ms']);
if (!Number.isInteger(replyDelayMs) || replyDelayMs < 0 || replyDelayMs > 60_000) {
  console.error(
    `ui-harness: --reply-delay-ms must be a whole number of milliseconds up to 60000, not "${values['reply-delay-ms']}"`,
  );
  process.exit(2);
}

const harness = await startUiHarness({
  port,
  dataDir: values['data-dir'],
  pickFolder: values['pick-folder'],
  saveFile: values['save-file'],
  rendererDir: values['renderer-dir'],
  home: values.home,
  clientPlatform: clientPlatform(values['client-platform']),
  replyDelayMs,
});
console.log(`ui-harness: ${harness.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    harness.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`ui-harness: could not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  });
}
