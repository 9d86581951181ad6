/**
 * What to tell the person when the HTTP server cannot listen, in words they can act on;
 * undefined for an error that has no such words (it is reported as unexpected).
 */
export function listenErrorMessage(error: unknown, host: string, port: number): string | undefined {
  const another = 'Choose another with --port, or --port 0 for any free port.';
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use. ${another}`;
    case 'EACCES':
      // Ports below 1024 are reserved for the administrator on Linux and older macOS.
      return port < 1024
        ? `Airlock may not listen on port ${port}: ports below 1024 need administrator rights, and Airlock does not need them. Choose a port from 1024 up with --port, or --port 0 for any free port.`
        : `This system does not let Airlock listen on port ${port}. ${another}`;
    case 'EADDRNOTAVAIL':
      return `This computer has no address ${host} to listen on (is IPv6 turned off?). Use --host 127.0.0.1.`;
    default:
      return undefined;
  }
}
