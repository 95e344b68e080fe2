import type { AttributeMap } from '@dynaring/core';
import { canonicalItem, itemKey } from '../attribute-value.js';
import { consumedCapacity, replaceWriteUnits } from '../capacity.js';
import { assertCondition, assertOldOrNone } from '../conditional-write.js';
import { validation } from '../errors.js';
import { itemSizeBytes, MAX_ITEM_SIZE_BYTES, ITEM_TOO_LARGE } from '../item-size.js';
import type { Operation } from '../operation.js';
import { assertConditionalOperator, assertNotMixed, expectedCondition } from '../legacy/index.js';
import { compiledCondition, RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { executeWrite } from '../write-isolation.js';
import { assertIndexKeysValid } from '../index-key-check.js';
import { itemCollectionMetrics } from '../item-collection-metrics.js';
import { needsPriorItem, readPriorItem, writeConsumed } from '../index-capacity.js';

const fields: Fields = { ...f.conditionalWriteFields, Item: f.requiredAttributeMapShape };

interface Request extends f.ConditionalWriteRequest {
  Item: Record<string, unknown>;
  ReturnValues?: string;
}

export const putItem: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.Expected);
  const item = canonicalItem(req.Item);
  assertOldOrNone(req.ReturnValues);
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const condition =
    expressions.condition(req.ConditionExpression, 'ConditionExpression') ??
    compiledCondition(expectedCondition(req.Expected, req.ConditionalOperator));
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  const key = itemKey(table.keySchema, item);
  assertIndexKeysValid(table, item);
  const sizeBytes = itemSizeBytes(item);
  if (sizeBytes > MAX_ITEM_SIZE_BYTES) throw validation(ITEM_TOO_LARGE);
  const returnOld = req.ReturnValues === 'ALL_OLD';
  const needsRead = condition !== undefined || returnOld;
  // Index capacity depends on the item replaced, which an unconditional put does not read.
  const prior = !needsRead && needsPriorItem(req.ReturnConsumedCapacity, table) ? await readPriorItem(ctx, table, key) : null;
  const old = await executeWrite<AttributeMap | null>(ctx, table, key, needsRead, (current) => {
    assertCondition(condition, current, req.ReturnValuesOnConditionCheckFailure);
    return { write: { kind: 'put', item }, result: current };
  });
  const result: Record<string, unknown> = {};
  if (returnOld && old) result.Attributes = old;
  return Object.assign(
    result,
    consumedCapacity(req.ReturnConsumedCapacity, table.name, writeConsumed(table, replaceWriteUnits(old, sizeBytes), old ?? prior, item)),
    itemCollectionMetrics(req.ReturnItemCollectionMetrics, table, key),
  );
};
