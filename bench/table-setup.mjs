// Creating the bench table and filling its key space before reads are measured.
import { call, errorType } from './dynamo-http.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function describeError(op, res) {
  return new Error(`${op} failed with HTTP ${res.status}: ${res.text.slice(0, 500)}`);
}

/**
 * Creates `table` (hash key pk S, range key sk N, on-demand) through the first target unless
 * it exists, then waits until DescribeTable reports it ACTIVE on every target (the nodes of a
 * cluster learn of a new table a moment apart). An existing table with another key schema is
 * refused: the generated requests would all fail validation.
 * @param {{endpoint: string, agent: import('node:http').Agent}[]} targets
 */
export async function ensureTable(targets, table, { timeoutMs = 60_000 } = {}) {
  const { endpoint, agent } = targets[0];
  let res = await call(endpoint, agent, 'DescribeTable', { TableName: table });
  if (res.status !== 200) {
    if (errorType(res.body) !== 'ResourceNotFoundException') throw describeError('DescribeTable', res);
    const created = await call(endpoint, agent, 'CreateTable', {
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    // Another generator may have created it between our two calls.
    if (created.status !== 200 && errorType(created.body) !== 'ResourceInUseException')
      throw describeError('CreateTable', created);
  } else {
    const keys = res.body.Table?.KeySchema ?? [];
    const hash = keys.find((k) => k.KeyType === 'HASH')?.AttributeName;
    const range = keys.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    if (hash !== 'pk' || range !== 'sk')
      throw new Error(`table ${table} exists with key schema ${JSON.stringify(keys)}; expected pk (HASH), sk (RANGE)`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const target of targets) {
    for (;;) {
      res = await call(target.endpoint, target.agent, 'DescribeTable', { TableName: table });
      if (res.status === 200 && res.body.Table?.TableStatus === 'ACTIVE') break;
      if (res.status !== 200 && errorType(res.body) !== 'ResourceNotFoundException')
        throw describeError('DescribeTable', res);
      if (Date.now() > deadline)
        throw new Error(`table ${table} not ACTIVE at ${target.endpoint} after ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}

/**
 * Writes every item of the key space with BatchWriteItem (25 items per request, `concurrency`
 * requests in flight, batches spread round-robin over the targets), resending
 * UnprocessedItems with backoff.
 * @param {{endpoint: string, agent: import('node:http').Agent}[]} targets
 */
export async function preload(targets, bodies, concurrency) {
  const batches = Math.ceil(bodies.items / 25);
  let next = 0;
  const worker = async () => {
    while (next < batches) {
      const b = next++;
      const { endpoint, agent } = targets[b % targets.length];
      let body = bodies.batchWrite(b * 25, Math.min(bodies.items, (b + 1) * 25));
      for (let attempt = 0; ; attempt++) {
        const res = await call(endpoint, agent, 'BatchWriteItem', body);
        if (res.status !== 200) {
          if (attempt < 10 && res.status >= 500) {
            await sleep(20 * 2 ** attempt);
            continue;
          }
          throw describeError('BatchWriteItem', res);
        }
        const unprocessed = res.body.UnprocessedItems;
        if (!unprocessed || Object.keys(unprocessed).length === 0) break;
        if (attempt >= 10) throw new Error('BatchWriteItem kept returning UnprocessedItems');
        body = JSON.stringify({ RequestItems: unprocessed });
        await sleep(20 * 2 ** attempt);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches) }, worker));
}
