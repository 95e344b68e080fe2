import type { AttributeMap, ItemWrite, KeySchema, PrimaryKey, TableMeta } from '@dynaring/core';
import { canonicalItem, itemKey, validateKey } from '../attribute-value.js';
import { assertIndexKeysValid } from '../index-key-check.js';
import { hasItemCollections, itemCollectionMetricsOf, type ItemCollectionMetrics, type ItemCollectionMetricsMode } from '../item-collection-metrics.js';
import { addConsumed, batchConsumedCapacity, tableOnly, writeUnitsForSize, type CapacityMode, type Consumed } from '../capacity.js';
import { needsPriorItem, readPriorItem, writeConsumed } from '../index-capacity.js';
import { DynamoApiError, validation, resourceNotFound } from '../errors.js';
import { itemSizeBytes, MAX_ITEM_SIZE_BYTES, ITEM_TOO_LARGE } from '../item-size.js';
import type { Operation } from '../operation.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { executeWrite } from '../write-isolation.js';

const MAX_REQUESTS = 25;

const fields: Fields = {
  RequestItems: {
    type: 'Map',
    notNull: true,
    minLength: 1,
    keys: { minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
    valueLength: { min: 1, max: MAX_REQUESTS },
    value: {
      type: 'List',
      member: {
        type: 'Structure',
        fields: {
          PutRequest: { type: 'Structure', fields: { Item: f.requiredAttributeMapShape } },
          DeleteRequest: { type: 'Structure', fields: { Key: f.requiredAttributeMapShape } },
        },
      },
    },
  },
  ReturnConsumedCapacity: f.returnConsumedCapacityShape,
  ReturnItemCollectionMetrics: f.returnItemCollectionMetricsShape,
};

interface WriteRequest {
  PutRequest?: { Item: Record<string, unknown> };
  DeleteRequest?: { Key: Record<string, unknown> };
}

interface Planned {
  table: TableMeta;
  tableName: string;
  original: WriteRequest;
  key: PrimaryKey;
  write: ItemWrite;
  /** What the write costs: a put by its size, a delete one unit (the old item is not read). */
  units: number;
}

/** BatchWriteItem reports a wrongly typed key in a PutRequest as a schema mismatch. */
function batchItemKey(schema: KeySchema, item: AttributeMap): PrimaryKey {
  try {
    return itemKey(schema, item);
  } catch (err) {
    if (err instanceof DynamoApiError && err.message.includes('Type mismatch')) {
      throw validation('The provided key element does not match the schema');
    }
    throw err;
  }
}

export const batchWriteItem: Operation = async (body, ctx) => {
  const req = checkRequest<{ RequestItems: Record<string, WriteRequest[]>; ReturnConsumedCapacity?: CapacityMode; ReturnItemCollectionMetrics?: ItemCollectionMetricsMode }>(
    body,
    fields,
  );
  let total = 0;
  for (const name in req.RequestItems) total += req.RequestItems[name]!.length;
  if (total > MAX_REQUESTS) throw validation('Too many items requested for the BatchWriteItem call');
  const plans: Planned[] = [];
  for (const [tableName, requests] of Object.entries(req.RequestItems)) {
    const table = ctx.catalog.get(tableName);
    if (!table) throw resourceNotFound('Requested resource not found');
    const seen = new Set<string>();
    for (const request of requests) {
      const kinds = (request.PutRequest ? 1 : 0) + (request.DeleteRequest ? 1 : 0);
      if (kinds !== 1) {
        throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      let key: PrimaryKey;
      let write: ItemWrite;
      let units = 1;
      if (request.PutRequest) {
        const item: AttributeMap = canonicalItem(request.PutRequest.Item);
        key = batchItemKey(table.keySchema, item);
        assertIndexKeysValid(table, item);
        const sizeBytes = itemSizeBytes(item);
        if (sizeBytes > MAX_ITEM_SIZE_BYTES) throw validation(ITEM_TOO_LARGE);
        write = { kind: 'put', item };
        units = writeUnitsForSize(sizeBytes);
      } else {
        key = validateKey(table.keySchema, request.DeleteRequest!.Key);
        write = { kind: 'delete' };
      }
      const id = JSON.stringify(key);
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
      seen.add(id);
      plans.push({ table, tableName, original: request, key, write, units });
    }
  }
  // A batch write never reads the items it replaces; index capacity needs them, so they are
  // read apart when it is asked for on a table with indexes (accounting only, not isolated).
  const outcomes = await Promise.allSettled(
    plans.map(async (p) => {
      const prior = needsPriorItem(req.ReturnConsumedCapacity, p.table) ? await readPriorItem(ctx, p.table, p.key) : null;
      await executeWrite(ctx, p.table, p.key, false, () => ({ write: p.write, result: undefined }));
      return prior;
    }),
  );
  const unprocessed: Record<string, WriteRequest[]> = {};
  const unitsByTable = new Map<string, Consumed>();
  const metrics: Record<string, ItemCollectionMetrics[]> = {};
  for (const tableName of Object.keys(req.RequestItems)) unitsByTable.set(tableName, tableOnly(0));
  outcomes.forEach((outcome, i) => {
    const plan = plans[i]!;
    if (outcome.status === 'rejected') (unprocessed[plan.tableName] ??= []).push(plan.original);
    else {
      const after = plan.write.kind === 'put' ? plan.write.item : null;
      const consumed = writeConsumed(plan.table, plan.units, outcome.value, after);
      unitsByTable.set(plan.tableName, addConsumed(unitsByTable.get(plan.tableName)!, consumed));
      if (req.ReturnItemCollectionMetrics === 'SIZE' && hasItemCollections(plan.table)) {
        (metrics[plan.tableName] ??= []).push(itemCollectionMetricsOf(plan.table, plan.key));
      }
    }
  });
  if (outcomes.length > 0 && Object.keys(unprocessed).length > 0 && outcomes.every((o) => o.status === 'rejected')) {
    // Nothing could be written: answer with the error itself so the client backs off and retries.
    throw (outcomes[0] as PromiseRejectedResult).reason;
  }
  return {
    UnprocessedItems: unprocessed,
    ...batchConsumedCapacity(req.ReturnConsumedCapacity, unitsByTable),
    ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}),
  };
};
