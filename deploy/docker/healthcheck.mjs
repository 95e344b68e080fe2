// The image's HEALTHCHECK: healthy when GET / on the address the node serves answers 200, which
// it does only once the node has joined the ring and serves the DynamoDB API.
import { request } from 'node:http';
import { loadSettings } from './node-settings.mjs';

const TIMEOUT_MS = 3_000;
const { listenAddress, alternatorPort } = await loadSettings();
const host = listenAddress.includes(':') ? `[${listenAddress}]` : listenAddress;
const req = request(`http://${host}:${alternatorPort}/`, { timeout: TIMEOUT_MS }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
req.on('error', (err) => {
  process.stderr.write(`GET / on ${host}:${alternatorPort}: ${err.message}\n`);
  process.exit(1);
});
req.end();
