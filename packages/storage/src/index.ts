export { StorageEngine } from './storage-engine.js';
export type { StorageOptions } from './storage-engine.js';
export type { SchemaStore } from './schema-store.js';
export type { LocalState } from './local-state.js';
export { encodeNumber, decodeNumber } from './number-codec.js';
export { encodeDataKey, decodeDataKey, partitionPrefix, tablePrefix } from './key-codec.js';
export { encodeRecord, decodeRecord } from './record-codec.js';
export type { HintStore, StoredHint, HintTargetStats } from './hint-store.js';
