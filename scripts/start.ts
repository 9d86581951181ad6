// `npm start` after the build: opens the app in Electron, or, when Electron's program is
// missing and cannot be fetched, says so in one paragraph (exit 1) instead of a stack trace
// and advice that fails again. Arguments after `npm start --` go to the app.
import { spawn } from 'node:child_process';
import {
  downloadElectron,
  electronBinary,
  electronFailureMessage,
  electronPackageDir,
} from './electron-binary.ts';

const packageDir = electronPackageDir();
if (packageDir === undefined) fail('the electron package is not installed');
let binary = electronBinary(packageDir);
// As Electron does, fetch it once; not when the program was pointed at on purpose.
if (!binary.found && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  const reason = downloadElectron(packageDir) ?? 'nothing was downloaded';
  binary = electronBinary(packageDir);
  if (!binary.found)
    fail(
      `Electron's program is missing${where(binary.path)} and downloading it failed (${reason}); Electron downloads it from its own host, which this machine may not reach`,
    );
}
const program = binary.path;
if (!binary.found || program === undefined) fail(`Electron's program is missing${where(program)}`);

const app = spawn(program, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('error', (error) =>
  fail(`Electron's program${where(program)} could not be started (${error.message})`),
);
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function where(file: string | undefined): string {
  return file ? ` (${file})` : '';
}

function fail(what: string): never {
  process.stderr.write(electronFailureMessage(what));
  process.exit(1);
}
