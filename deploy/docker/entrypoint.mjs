#!/usr/bin/env node
// The image's entrypoint: runs dynaring in this process (so it receives the container's
// signals directly) with the container defaults that node-settings.mjs adds.
import { fileURLToPath } from 'node:url';
import { resolveNodeSettings, saveSettings } from './node-settings.mjs';

const bin = fileURLToPath(new URL('../../packages/node/bin/dynaring.js', import.meta.url));
const argv = process.argv.slice(2);
// Asking for help or the version must not be turned into a node start with extra flags.
const informational = argv.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-V');
if (informational) {
  process.argv = [process.argv[0], bin, ...argv];
} else {
  const { args, settings } = await resolveNodeSettings(argv);
  saveSettings(settings);
  process.argv = [process.argv[0], bin, ...args];
}
await import(bin);
