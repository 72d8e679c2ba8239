import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TLS_DIR } from './fake-graph/server.js';

/**
 * An https server on loopback whose certificate Node does not trust (self-signed, by no authority
 * NODE_EXTRA_CA_CERTS names): what the bot meets at a stand-in started without the test CA.
 */
export async function startUntrustedHttps(): Promise<{ url: string; host: string; close: () => Promise<void> }> {
  const pem = readFileSync(path.join(TLS_DIR, 'app-certificate.pem'));
  const server = createServer({ key: pem, cert: pem }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `https://${host}`,
    host,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
