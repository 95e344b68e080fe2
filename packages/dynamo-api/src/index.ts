export { createApiServer, MAX_REQUEST_BYTES } from './server.js';
export type { ApiServerOptions, LocalNodesScope } from './server.js';
export type { ApiContext, Operation, WriteIsolation } from './operation.js';
export { DynamoApiError, fromClusterError } from './errors.js';
export { resumeBackfills } from './index-backfill.js';
