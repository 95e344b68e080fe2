#!/usr/bin/env node
// `nodetool` inside the container: the CLI aimed at this container's node, which serves on the
// container's address rather than nodetool's default 127.0.0.1. -h and -p still override.
import { fileURLToPath } from 'node:url';
import { loadSettings } from './node-settings.mjs';

const bin = fileURLToPath(new URL('../../packages/cli/bin/nodetool.js', import.meta.url));
const argv = process.argv.slice(2);
const given = (short, long) => argv.some((a) => a === short || a === long || a.startsWith(`${long}=`) || (a.startsWith(short) && !a.startsWith('--')));
const { listenAddress, storagePort } = await loadSettings();
const defaults = [
  ...(given('-h', '--host') ? [] : ['-h', listenAddress]),
  ...(given('-p', '--port') ? [] : ['-p', String(storagePort)]),
];
process.argv = [process.argv[0], bin, ...defaults, ...argv];
await import(bin);
