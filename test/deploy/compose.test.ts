/**
 * docker-compose.cluster.yml as a user runs it: the image built from deploy/Dockerfile, three
 * node containers and HAProxy on port 8000. Needs a Docker engine with the compose plugin;
 * without one the file is skipped (the machine that develops dynaring has none).
 */
import { spawnSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DockerComposeEnvironment, Wait, getContainerRuntimeClient, type StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cluster.js';
import { makeItems, mismatches, putItems } from '../support/cluster-items.js';
import { createTable, repoRoot, testCredentials } from '../support/index.js';

const COMPOSE_FILE = 'docker-compose.cluster.yml';
const BALANCER_PORT = 8000;
/** The first run builds the image (npm ci and tsc inside Docker) before anything starts. */
const UP_TIMEOUT_MS = 600_000;

async function whyNoDocker(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
  } catch (err) {
    return `no Docker engine reachable (${(err as Error).message})`;
  }
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status !== 0) return 'the docker compose plugin is not installed';
  return undefined;
}

const skipReason = await whyNoDocker();
if (skipReason) process.stderr.write(`test/deploy/compose.test.ts skipped: ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)(COMPOSE_FILE, () => {
  let env: StartedDockerComposeEnvironment;
  let db: DynamoDBClient;
  beforeAll(async () => {
    env = await new DockerComposeEnvironment(repoRoot, COMPOSE_FILE)
      .withBuild()
      .withWaitStrategy('node1-1', Wait.forHealthCheck())
      .withWaitStrategy('node2-1', Wait.forHealthCheck())
      .withWaitStrategy('node3-1', Wait.forHealthCheck())
      .withWaitStrategy('balancer-1', Wait.forListeningPorts())
      .withStartupTimeout(180_000)
      .up();
    const balancer = env.getContainer('balancer-1');
    db = new DynamoDBClient({
      endpoint: `http://${balancer.getHost()}:${balancer.getMappedPort(BALANCER_PORT)}`,
      region: 'us-east-1',
      credentials: testCredentials,
      maxAttempts: 6,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
    });
  }, UP_TIMEOUT_MS);
  afterAll(async () => {
    await env?.down({ removeVolumes: true, timeout: 10_000 });
  }, 120_000);

  it('nodetool inside node1 shows all three nodes UN', async () => {
    const status = await waitFor(
      async () => {
        const res = await env.getContainer('node1-1').exec(['nodetool', 'status']);
        const up = res.output.split('\n').filter((line) => /^UN\s+node[123]\s/.test(line));
        return up.length === 3 ? res.output : undefined;
      },
      60_000,
      'three UN lines in nodetool status on node1',
      1_000,
    );
    expect(status).toContain('UN  node1');
  }, 90_000);

  it('reads and writes through the balancer on port 8000 continue with one node container stopped', async () => {
    const table = await createTable(db, 'compose', { hash: ['pk', 'S'] });
    const before = makeItems('before', 20);
    await putItems(db, table, before);
    await env.getContainer('node3-1').stop({ remove: false, timeout: 10_000 });
    const after = makeItems('after', 20);
    await putItems(db, table, after);
    expect(await mismatches(db, table, before, true)).toEqual([]);
    expect(await mismatches(db, table, after, true)).toEqual([]);
  }, 120_000);
});
