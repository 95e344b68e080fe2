// Where the node in this container serves, as the entrypoint, the health check and the nodetool
// wrapper all need to know it. A setting comes from a flag, else its DYNARING_* variable, else
// the YAML config file, else the container default, the order dynaring itself applies.
import { readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces, hostname } from 'node:os';

/** The entrypoint records the settings it started the node with here, for the other two. */
export const RUNTIME_FILE = process.env.DYNARING_RUNTIME_FILE ?? '/tmp/dynaring-node.json';
export const DEFAULT_DATA_DIR = '/var/lib/dynaring';

/** `--name value` or `--name=value`; the last occurrence wins, as with commander. */
export function flagValue(argv, name) {
  let value;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === `--${name}` && i + 1 < argv.length) value = argv[++i];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  }
  return value;
}

const envName = (name) => `DYNARING_${name.toUpperCase().replaceAll('-', '_')}`;

async function configFileSettings(argv, env) {
  const path = flagValue(argv, 'config-file') ?? env.DYNARING_CONFIG_FILE;
  if (!path) return {};
  try {
    const { parse } = await import('yaml');
    return parse(readFileSync(path, 'utf8')) ?? {};
  } catch {
    // dynaring reports a broken config file itself; here it only means "no defaults from it".
    return {};
  }
}

/**
 * The container's own IPv4 address: 127.0.0.1 (dynaring's default) is unreachable from other
 * containers and from published ports, and 0.0.0.0 cannot be gossiped to peers.
 */
export function containerAddress() {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return hostname();
}

/**
 * The node's flags with container defaults added for the listen address and data dir when no
 * source sets them, and the settings the node will run with.
 */
export async function resolveNodeSettings(argv, env = process.env) {
  const file = await configFileSettings(argv, env);
  const lookup = (name) => flagValue(argv, name) ?? env[envName(name)] ?? file[name.replaceAll('-', '_')];
  const args = [...argv];
  let listenAddress = lookup('listen-address');
  if (listenAddress === undefined) {
    listenAddress = containerAddress();
    args.push('--listen-address', listenAddress);
  }
  if (lookup('data-dir') === undefined) args.push('--data-dir', DEFAULT_DATA_DIR);
  const settings = {
    listenAddress: String(listenAddress),
    alternatorPort: Number(lookup('alternator-port') ?? 8000),
    storagePort: Number(lookup('storage-port') ?? 7000),
  };
  return { args, settings };
}

export function saveSettings(settings) {
  try {
    writeFileSync(RUNTIME_FILE, JSON.stringify(settings) + '\n');
  } catch {
    // read-only /tmp: the health check and nodetool fall back to recomputing them
  }
}

/** What the entrypoint recorded, or (if it did not run) the same resolution from the environment. */
export async function loadSettings() {
  try {
    return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8'));
  } catch {
    return (await resolveNodeSettings([])).settings;
  }
}
