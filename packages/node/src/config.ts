import { Command, Option } from 'commander';
import { ConfigError } from './config/config-error.js';
import { readConfigFile } from './config/config-file.js';
import { OPTIONS, defaultTextOf, envNameOf, yamlKeyOf, type OptionSpec } from './config/config-options.js';
import type { NodeConfig } from './config/node-config.js';

export type { NodeConfig } from './config/node-config.js';
export { ConfigError } from './config/config-error.js';

const CONFIG_FILE_ENV = 'DYNARING_CONFIG_FILE';
const names = Object.keys(OPTIONS) as (keyof NodeConfig)[];

/** The command line, and for each setting the key commander stores its flag's value under. */
function program(): { command: Command; flagKeys: Record<keyof NodeConfig, string> } {
  const specOf = new Map<string, OptionSpec<unknown>>();
  const flagKeys = {} as Record<keyof NodeConfig, string>;
  const command = new Command('dynaring')
    .description(
      'A DynamoDB-compatible database node.\n\n' +
        'Every option --foo-bar can also be set by the environment variable DYNARING_FOO_BAR or the key ' +
        'foo_bar of the YAML file given by --config-file; a flag beats the environment, which beats the file.',
    )
    .exitOverride()
    .allowExcessArguments(false)
    .configureHelp({
      optionDescription: (option) => {
        const spec = specOf.get(option.attributeName());
        if (!spec) return option.description;
        return `${option.description} (default: ${defaultTextOf(spec)}; env: ${envNameOf(spec)}; yaml: ${yamlKeyOf(spec)})`;
      },
    })
    .addOption(new Option('--config-file <path>', `YAML file of settings (env: ${CONFIG_FILE_ENV})`));
  for (const name of names) {
    const spec: OptionSpec<unknown> = OPTIONS[name];
    const option = new Option(`--${spec.flag} ${spec.arg}`, spec.description).argParser<unknown>((text) => spec.parse(text));
    if (spec.hidden) option.hideHelp();
    // commander names values after the flag (--max-hint-window-in-ms: maxHintWindowInMs), not the setting.
    flagKeys[name] = option.attributeName();
    specOf.set(option.attributeName(), spec);
    command.addOption(option);
  }
  return { command, flagKeys };
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<NodeConfig> {
  const settings: Partial<Record<keyof NodeConfig, unknown>> = {};
  for (const name of names) {
    const spec = OPTIONS[name];
    const text = env[envNameOf(spec)];
    if (text === undefined) continue;
    try {
      settings[name] = spec.parse(text);
    } catch (err) {
      throw new ConfigError(`invalid value for environment variable ${envNameOf(spec)}: ${JSON.stringify(text)} is ${(err as Error).message}`);
    }
  }
  return settings as Partial<NodeConfig>;
}

/** Seeds without a port use this node's storage port; no seeds means this node alone. */
function seedEndpoints(seeds: readonly string[], listenAddress: string, storagePort: number): string[] {
  return (seeds.length === 0 ? [listenAddress] : seeds).map((s) => (s.includes(':') ? s : `${s}:${storagePort}`));
}

/**
 * The node's settings from flags, DYNARING_* environment variables, the YAML file and the
 * defaults, in that order of precedence. Throws ConfigError for a bad file or environment
 * value, and commander's CommanderError (after printing) for bad flags and --help.
 */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const { command, flagKeys } = program();
  command.parse(argv, { from: 'user' });
  const flags = command.opts<Record<string, unknown> & { configFile?: string }>();
  const configFile = flags.configFile ?? env[CONFIG_FILE_ENV];
  const file = configFile === undefined ? {} : readConfigFile(configFile);
  const environment = fromEnv(env);
  const merged = {} as Record<keyof NodeConfig, unknown>;
  for (const name of names) merged[name] = flags[flagKeys[name]] ?? environment[name] ?? file[name] ?? OPTIONS[name].defaultValue;
  const config = merged as NodeConfig;
  return { ...config, seeds: seedEndpoints(config.seeds, config.listenAddress, config.storagePort) };
}
