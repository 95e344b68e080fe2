#!/usr/bin/env node
// dynalite in its own process, so that it gets a core of its own as our node does when both
// are measured by compare-dynalite.mjs. Prints "ready" once it listens.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8000' },
    host: { type: 'string', default: '127.0.0.1' },
    path: { type: 'string' }, // LevelDB directory; in memory when omitted
  },
});

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: values.path });
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address();
  console.log(`dynalite ready on http://${values.host}:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
