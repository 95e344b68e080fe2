export { Coordinator } from './coordinator.js';
export type { CoordinatorOptions, RmwDecision, PartitionRead } from './coordinator.js';
export type { Placement, ReplicaRef, RangeReplicas } from './placement.js';
export { SingleNodePlacement } from './single-node-placement.js';
export { TableCatalog } from './schema/table-catalog.js';
export type { SchemaStore, CatalogState, DroppedTable, SchemaSnapshot, CatalogListener } from './schema/table-catalog.js';
export { KeyedMutex } from './keyed-mutex.js';
export { segmentTokenRange } from './scan-segment.js';
export type { TokenRange } from './scan-segment.js';
