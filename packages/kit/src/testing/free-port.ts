import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on loopback. Tests use it so that they never collide with a running system.
 *
 * ### Example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A URL where nothing listens, so a connection is refused at once: port 1 (tcpmux) on loopback. A port that
 * `freePort()` returned may be taken by another test running in parallel before it is used, and then the
 * "dead" instance answers, or hangs.
 */
export const REFUSING_URL = 'http://127.0.0.1:1';
