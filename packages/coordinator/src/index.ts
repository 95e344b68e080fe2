export { Coordinator } from './coordinator.js';
export type { CoordinatorOptions, RmwDecision, PartitionRead } from './coordinator.js';
export type { Placement, ReplicaRef, RangeReplicas } from './placement.js';
export type { CasOptions } from './cas-options.js';
export type { AcceptorApi } from '@dynaring/paxos';
export { SingleNodePlacement } from './single-node-placement.js';
export { TableCatalog } from './schema/table-catalog.js';
export type { SchemaStore, CatalogState, DroppedTable, SchemaSnapshot, CatalogListener } from './schema/table-catalog.js';
// Moved to core (paxos serialises acceptor messages with it too); re-exported so the API stays.
export { KeyedMutex } from '@dynaring/core';
export { segmentTokenRange } from './scan-segment.js';
export type { TokenRange } from './scan-segment.js';
export type { HintSink } from './hinted-write.js';
export { readIndexedItems } from './indexed-read.js';
export type { RecordReader } from './indexed-read.js';
