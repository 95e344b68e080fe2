import type { AttributeMap } from '@dynaring/core';
import { validateKey } from '../attribute-value.js';
import { consumedCapacity, writeUnits } from '../capacity.js';
import { assertCondition, assertOldOrNone } from '../conditional-write.js';
import type { Operation } from '../operation.js';
import { assertConditionalOperator, assertNotMixed, expectedCondition } from '../legacy/index.js';
import { compiledCondition, RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { executeWrite } from '../write-isolation.js';
import { itemCollectionMetrics } from '../item-collection-metrics.js';
import { needsPriorItem, readPriorItem, writeConsumed } from '../index-capacity.js';

const fields: Fields = { ...f.conditionalWriteFields, Key: f.requiredAttributeMapShape };

interface Request extends f.ConditionalWriteRequest {
  Key: Record<string, unknown>;
  ReturnValues?: string;
}

export const deleteItem: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.Expected);
  assertOldOrNone(req.ReturnValues);
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const condition =
    expressions.condition(req.ConditionExpression, 'ConditionExpression') ??
    compiledCondition(expectedCondition(req.Expected, req.ConditionalOperator));
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  const key = validateKey(table.keySchema, req.Key);
  const returnOld = req.ReturnValues === 'ALL_OLD';
  const needsRead = condition !== undefined || returnOld;
  // Index capacity depends on the item deleted, which an unconditional delete does not read.
  const prior = !needsRead && needsPriorItem(req.ReturnConsumedCapacity, table) ? await readPriorItem(ctx, table, key) : null;
  const old = await executeWrite<AttributeMap | null>(ctx, table, key, needsRead, (current) => {
    assertCondition(condition, current, req.ReturnValuesOnConditionCheckFailure);
    return { write: { kind: 'delete' }, result: current };
  });
  const result: Record<string, unknown> = {};
  if (returnOld && old) result.Attributes = old;
  return Object.assign(
    result,
    consumedCapacity(req.ReturnConsumedCapacity, table.name, writeConsumed(table, writeUnits(old), old ?? prior, null)),
    itemCollectionMetrics(req.ReturnItemCollectionMetrics, table, key),
  );
};
