import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { OPTIONS, yamlKeyOf, type OptionSpec } from './config-options.js';
import type { NodeConfig } from './node-config.js';

const specByYamlKey = new Map<string, [keyof NodeConfig, OptionSpec<unknown>]>(
  (Object.keys(OPTIONS) as (keyof NodeConfig)[]).map((name) => [yamlKeyOf(OPTIONS[name]), [name, OPTIONS[name]]]),
);

/**
 * A YAML value as the text a flag would carry, so that one parser validates every source.
 * Lists are accepted only where the setting is a list (seeds).
 */
function asText(value: unknown, spec: OptionSpec<unknown>): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && Array.isArray(spec.defaultValue) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.join(',');
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'no value';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * The settings a YAML file sets, validated: an unknown key, a value of the wrong shape or
 * one its parser refuses stops startup with the key's name, rather than running with a
 * setting the operator did not mean.
 */
export function readConfigFile(path: string): Partial<NodeConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  return parseConfigYaml(text, path);
}

export function parseConfigYaml(text: string, source: string): Partial<NodeConfig> {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(`config file ${source} is not valid YAML: ${doc.errors[0]!.message}`);
  const content: unknown = doc.toJS();
  if (content === null || content === undefined) return {};
  if (typeof content !== 'object' || Array.isArray(content)) throw new ConfigError(`config file ${source} must be a mapping of keys to values`);
  const settings: Partial<Record<keyof NodeConfig, unknown>> = {};
  for (const [key, value] of Object.entries(content)) {
    const entry = specByYamlKey.get(key);
    if (!entry) {
      throw new ConfigError(`unknown key '${key}' in config file ${source} (known keys: ${[...specByYamlKey.keys()].join(', ')})`);
    }
    const [name, spec] = entry;
    const valueText = asText(value, spec);
    if (valueText === undefined) throw new ConfigError(`invalid value for '${key}' in config file ${source}: ${describe(value)}`);
    try {
      settings[name] = spec.parse(valueText);
    } catch (err) {
      throw new ConfigError(`invalid value for '${key}' in config file ${source}: ${JSON.stringify(valueText)} is ${(err as Error).message}`);
    }
  }
  return settings as Partial<NodeConfig>;
}
