export { main } from './main.js';
export { DynaringNode } from './node.js';
export { parseConfig, ConfigError } from './config.js';
export type { NodeConfig } from './config.js';
