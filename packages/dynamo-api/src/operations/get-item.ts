import { validateKey } from '../attribute-value.js';
import { consumedCapacity, readUnits, wantsCapacity, type CapacityMode } from '../capacity.js';
import { itemSizeBytes } from '../item-size.js';
import type { Operation } from '../operation.js';
import { assertNotMixed } from '../legacy/index.js';
import { RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';

const fields: Fields = {
  TableName: f.tableNameShape,
  Key: f.requiredAttributeMapShape,
  ProjectionExpression: { type: 'String' },
  ExpressionAttributeNames: f.expressionNamesShape,
  AttributesToGet: f.attributesToGetShape,
  ConsistentRead: { type: 'Boolean' },
  ReturnConsumedCapacity: f.returnConsumedCapacityShape,
};

interface Request {
  TableName: string;
  Key: Record<string, unknown>;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: CapacityMode;
}

export const getItem: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, undefined);
  const projection = expressions.projection(req.ProjectionExpression, req.AttributesToGet);
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  const key = validateKey(table.keySchema, req.Key);
  const consistent = req.ConsistentRead === true;
  const item = await ctx.coordinator.read(table, key, consistent ? 'LOCAL_QUORUM' : 'LOCAL_ONE');
  const result: Record<string, unknown> = {};
  if (item) result.Item = projection ? projection.apply(item) : item;
  if (!wantsCapacity(req.ReturnConsumedCapacity)) return result;
  const units = readUnits(item ? itemSizeBytes(item) : 0, consistent);
  return Object.assign(result, consumedCapacity(req.ReturnConsumedCapacity, table.name, units));
};
