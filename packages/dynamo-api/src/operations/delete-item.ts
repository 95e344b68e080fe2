import type { AttributeMap } from '@dynaring/core';
import { validateKey } from '../attribute-value.js';
import { consumedCapacity, writeUnits, type CapacityMode } from '../capacity.js';
import { conditionalCheckFailed, validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { executeWrite } from '../write-isolation.js';

const fields: Fields = {
  TableName: f.tableNameShape,
  Key: f.requiredAttributeMapShape,
  ConditionExpression: { type: 'String' },
  ExpressionAttributeNames: f.expressionNamesShape,
  ExpressionAttributeValues: f.attributeMapShape,
  ReturnValues: f.returnValuesShape,
  ReturnConsumedCapacity: f.returnConsumedCapacityShape,
  ReturnItemCollectionMetrics: f.returnItemCollectionMetricsShape,
  ReturnValuesOnConditionCheckFailure: f.returnValuesOnConditionCheckFailureShape,
  Expected: f.legacyConditionsShape,
  ConditionalOperator: f.conditionalOperatorShape,
};

interface Request {
  TableName: string;
  Key: Record<string, unknown>;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnValues?: string;
  ReturnConsumedCapacity?: CapacityMode;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

export const deleteItem: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  if (req.ReturnValues && req.ReturnValues !== 'ALL_OLD' && req.ReturnValues !== 'NONE') {
    throw validation('ReturnValues can only be ALL_OLD or NONE');
  }
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const condition = expressions.condition(req.ConditionExpression, 'ConditionExpression');
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  const key = validateKey(table.keySchema, req.Key);
  const returnOld = req.ReturnValues === 'ALL_OLD';
  const needsRead = condition !== undefined || returnOld;
  const old = await executeWrite<AttributeMap | null>(ctx, table, key, needsRead, (current) => {
    if (condition && !condition.evaluate(current)) {
      throw conditionalCheckFailed(req.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && current ? current : undefined);
    }
    return { write: { kind: 'delete' }, result: current };
  });
  const result: Record<string, unknown> = {};
  if (returnOld && old) result.Attributes = old;
  return Object.assign(result, consumedCapacity(req.ReturnConsumedCapacity, table.name, writeUnits(old)));
};
