import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { parseConfigYaml } from '../src/config/config-file.js';
import { OPTIONS, envNameOf, yamlKeyOf } from '../src/config/config-options.js';

const dir = mkdtempSync(join(tmpdir(), 'dynaring-config-'));
let files = 0;
function yamlFile(text: string): string {
  const path = join(dir, `node-${(files += 1)}.yaml`);
  writeFileSync(path, text);
  return path;
}
const exampleFile = fileURLToPath(new URL('../../../deploy/dynaring.yaml', import.meta.url));

describe('node configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = parseConfig([], {});
    for (const [name, spec] of Object.entries(OPTIONS)) {
      if (name !== 'seeds') expect(config[name as keyof typeof config], name).toEqual(spec.defaultValue);
    }
    expect(config.seeds).toEqual(['127.0.0.1:7000']);
  });

  it('takes a flag over the environment, the environment over the file, the file over the default', () => {
    const file = yamlFile('alternator_port: 8001\nstorage_port: 7001\nnum_tokens: 8\ndc: file-dc\n');
    const env = { DYNARING_ALTERNATOR_PORT: '8002', DYNARING_STORAGE_PORT: '7002' };
    const config = parseConfig(['--config-file', file, '--alternator-port', '8003'], env);
    expect(config.alternatorPort).toBe(8003);
    expect(config.storagePort).toBe(7002);
    expect(config.numTokens).toBe(8);
    expect(config.dc).toBe('file-dc');
    expect(config.rack).toBe('rack1');
  });

  it('applies every setting from its flag, its environment variable and its YAML key', () => {
    // A value other than the default for each setting, as text a flag carries.
    const text: Record<string, string> = {
      listenAddress: '10.1.1.1', alternatorPort: '8100', dataDir: '/var/lib/dynaring', writeIsolation: 'forbid_rmw', logLevel: 'debug',
      storagePort: '7100', seeds: '10.1.1.2:7100', numTokens: '32', dc: 'dc2', rack: 'rack2', clusterName: 'c2',
      gossipIntervalMs: '200', phiConvictThreshold: '12', ringDelayMs: '500', writeRequestTimeoutMs: '3000',
      casContentionTimeoutMs: '1500', readRequestTimeoutMs: '6000', clockOffsetMicros: '-5', hintedHandoffEnabled: 'false', maxHintWindowMs: '60000',
      gcGraceSeconds: '3600', tombstoneSweepIntervalMs: '1000', drainTimeoutMs: '2500', cpuSchedulingPolicy: 'normal',
    };
    expect(Object.keys(text).sort()).toEqual(Object.keys(OPTIONS).sort());
    const byFlag = parseConfig(Object.entries(OPTIONS).flatMap(([name, spec]) => [`--${spec.flag}`, text[name]!]), {});
    const byEnv = parseConfig([], Object.fromEntries(Object.entries(OPTIONS).map(([name, spec]) => [envNameOf(spec), text[name]!])));
    const byFile = parseConfig(['--config-file', yamlFile(Object.entries(OPTIONS).map(([name, spec]) => `${yamlKeyOf(spec)}: "${text[name]}"`).join('\n'))], {});
    for (const config of [byFlag, byEnv, byFile]) {
      for (const [name, spec] of Object.entries(OPTIONS)) {
        const value = config[name as keyof typeof config];
        expect(value, name).not.toEqual(name === 'seeds' ? ['10.1.1.1:7100'] : spec.defaultValue);
      }
      expect(config.maxHintWindowMs).toBe(60_000);
      expect(config.writeIsolation).toBe('forbid_rmw');
      expect(config.seeds).toEqual(['10.1.1.2:7100']);
    }
    expect(byEnv).toEqual(byFlag);
    expect(byFile).toEqual(byFlag);
  });

  it('reads the file named by DYNARING_CONFIG_FILE', () => {
    const file = yamlFile('cluster_name: from-env-file\n');
    expect(parseConfig([], { DYNARING_CONFIG_FILE: file }).clusterName).toBe('from-env-file');
  });

  it('accepts Scylla-style YAML: seeds as a list, booleans and isolation aliases', () => {
    const file = yamlFile('listen_address: 10.0.0.5\nseeds:\n  - 10.0.0.1\n  - 10.0.0.2:7100\nhinted_handoff_enabled: false\nalternator_write_isolation: a\n');
    const config = parseConfig(['--config-file', file], {});
    expect(config.seeds).toEqual(['10.0.0.1:7000', '10.0.0.2:7100']);
    expect(config.hintedHandoffEnabled).toBe(false);
    expect(config.writeIsolation).toBe('always_use_lwt');
  });

  it('fails on an unknown YAML key, naming it', () => {
    const file = yamlFile('alternator_port: 8000\nnum_token: 8\n');
    expect(() => parseConfig(['--config-file', file], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--config-file', file], {})).toThrow(/unknown key 'num_token'/);
  });

  it('fails on a bad YAML value, naming the key and the reason', () => {
    expect(() => parseConfigYaml('alternator_port: 70000\n', 'f.yaml')).toThrow(`invalid value for 'alternator_port' in config file f.yaml: "70000" is not a TCP port`);
    expect(() => parseConfigYaml('num_tokens: [1, 2]\n', 'f.yaml')).toThrow(`invalid value for 'num_tokens' in config file f.yaml: a list`);
    expect(() => parseConfigYaml('seeds:\n', 'f.yaml')).toThrow(`invalid value for 'seeds' in config file f.yaml: no value`);
    expect(() => parseConfigYaml('alternator_write_isolation: serializable\n', 'f.yaml')).toThrow(/'alternator_write_isolation'.*not one of/);
    expect(() => parseConfigYaml('- a\n- b\n', 'f.yaml')).toThrow(/must be a mapping/);
    expect(() => parseConfigYaml('dc: a\ndc: b\n', 'f.yaml')).toThrow(/not valid YAML/);
  });

  it('fails on a bad environment value, naming the variable', () => {
    expect(() => parseConfig([], { DYNARING_HINTED_HANDOFF_ENABLED: 'yes' })).toThrow(
      'invalid value for environment variable DYNARING_HINTED_HANDOFF_ENABLED: "yes" is not true or false',
    );
  });

  it('fails on a missing config file', () => {
    expect(() => parseConfig(['--config-file', join(dir, 'absent.yaml')], {})).toThrow(/cannot read config file .*absent\.yaml/);
  });

  it('fails on a bad flag through commander', () => {
    expect(() => parseConfig(['--num-tokens', '0'], {})).toThrow(CommanderError);
  });

  it('shows every visible option with its default, environment variable and YAML key in --help', () => {
    let help = '';
    const write = process.stdout.write;
    process.stdout.write = ((text: string) => {
      help += text;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(() => parseConfig(['--help'], {})).toThrow(CommanderError);
    } finally {
      process.stdout.write = write;
    }
    const flat = help.replace(/\s+/g, ' ');
    expect(flat).toContain('--alternator-port <port> DynamoDB API port (also serves /metrics) (default: 8000; env: DYNARING_ALTERNATOR_PORT; yaml: alternator_port)');
    for (const spec of Object.values(OPTIONS)) {
      if (spec.hidden) continue;
      expect(flat).toContain(`--${spec.flag} `);
      expect(flat).toContain(`yaml: ${yamlKeyOf(spec)})`);
    }
  });

  it('deploy/dynaring.yaml lists every key commented out at its default', () => {
    const example = readFileSync(exampleFile, 'utf8');
    const uncommented = example
      .split('\n')
      .filter((line) => /^# [a-z_]+: /.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    const settings = parseConfigYaml(uncommented, exampleFile);
    expect(Object.keys(settings).sort()).toEqual(Object.keys(OPTIONS).sort());
    for (const [name, spec] of Object.entries(OPTIONS)) expect(settings[name as keyof typeof settings], name).toEqual(spec.defaultValue);
    // And the file as shipped (all commented) is valid and changes nothing.
    expect(parseConfig(['--config-file', exampleFile], {})).toEqual(parseConfig([], {}));
  });
});
