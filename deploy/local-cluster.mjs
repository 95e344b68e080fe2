#!/usr/bin/env node
// A three-node dynaring cluster on this machine, for development: node N listens on 127.0.0.N
// (DynamoDB API on port 8000, gossip, replica traffic and nodetool on port 7000) and keeps its
// data in ./data/nodeN. Runs in the foreground; Ctrl-C or SIGTERM stops all three.
// Arguments after the script name are passed to every node (e.g. `npm run cluster -- --log-level warn`).
import { ALTERNATOR_PORT, STORAGE_PORT, Supervisor, nodeSummaryLines, runSupervised, startLocalNodes } from './local-cluster-lib.mjs';

const supervisor = new Supervisor();
supervisor.stopOnSignals();
if (await runSupervised(supervisor, () => startLocalNodes(supervisor, process.argv.slice(2)))) {
  process.stdout.write(
    [
      '',
      'dynaring local cluster is up:',
      ...nodeSummaryLines(),
      '',
      `  nodetool:  npx nodetool -h 127.0.0.1 -p ${STORAGE_PORT} status`,
      `  AWS CLI:   aws dynamodb list-tables --endpoint-url http://127.0.0.1:${ALTERNATOR_PORT}`,
      '',
      'Ctrl-C stops all three nodes.',
      '',
    ].join('\n'),
  );
}
