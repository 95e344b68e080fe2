export { startNode, freePort, repoRoot, type RunningNode, type StartNodeOptions } from './node-process.js';
export { testEndpoint, externalEndpoint, client, documentClient, uniqueTableName, testCredentials, type TestEndpoint } from './endpoint.js';
export { rawRequest, type RawResponse, type RawRequestOptions } from './raw-request.js';
export { createTable, waitForActive, errorOf, type KeySpec, type LocalIndexSpec, type GlobalIndexSpec, type ProjectionSpec } from './tables.js';
export { useTestClient, type OpenedClient } from './test-client.js';
export { eventually } from './eventually.js';
export { awsEnv, awsDynamodb, runPython } from './external-client.js';
