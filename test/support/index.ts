export { startNode, freePort, repoRoot, type RunningNode, type StartNodeOptions } from './node-process.js';
export { testEndpoint, externalEndpoint, client, documentClient, uniqueTableName, testCredentials, type TestEndpoint } from './endpoint.js';
export { rawRequest, type RawResponse, type RawRequestOptions } from './raw-request.js';
export { createTable, waitForActive, errorOf, type KeySpec } from './tables.js';
export { awsEnv, awsDynamodb, runPython } from './external-client.js';
