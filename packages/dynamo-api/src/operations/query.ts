import { validateStartKey } from '../start-key.js';
import { consumedCapacity, readUnits, type CapacityMode } from '../capacity.js';
import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { readPage } from '../read-page.js';
import type { KeySchema } from '@dynaring/core';
import {
  assertConditionalOperator,
  assertConditionCount,
  assertNotMixed,
  checkConditions,
  filterCondition,
  resolveKeyConditions,
  type LegacyCondition,
} from '../legacy/index.js';
import { compiledCondition, RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { selectMode, type SelectRequest } from '../validations/select.js';

const fields: Fields = {
  ...f.readFields,
  KeyConditions: f.legacyConditionsShape,
  QueryFilter: f.legacyConditionsShape,
  ScanIndexForward: { type: 'Boolean' },
  KeyConditionExpression: { type: 'String' },
};

interface Request extends SelectRequest {
  TableName: string;
  IndexName?: string;
  Limit?: number;
  ConsistentRead?: boolean;
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: 'AND' | 'OR';
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: Record<string, unknown>;
  ReturnConsumedCapacity?: CapacityMode;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** Key attributes are matched by the key conditions, never by QueryFilter. */
function assertFilterSparesKey(filter: Record<string, LegacyCondition> | undefined, schema: KeySchema): void {
  if (filter === undefined) return;
  for (const key of [schema.hash, schema.range]) {
    if (key && key.name in filter) {
      throw validation(`QueryFilter can only contain non-primary key attributes: Primary key attribute: ${key.name}`);
    }
  }
}

export const query: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.QueryFilter);
  const legacyFilter = filterCondition(req.QueryFilter, req.ConditionalOperator);
  if (req.KeyConditionExpression === undefined && req.KeyConditions === undefined) {
    throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  const select = selectMode(req);
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const projection = expressions.projection(req.ProjectionExpression, req.AttributesToGet);
  const filter = expressions.condition(req.FilterExpression, 'FilterExpression') ?? compiledCondition(legacyFilter);
  const legacyKeyConditions = req.KeyConditions === undefined ? undefined : checkConditions(req.KeyConditions);
  if (legacyKeyConditions) assertConditionCount(legacyKeyConditions);
  const table = requireTable(ctx, req.TableName);
  if (req.IndexName !== undefined) throw validation(`The table does not have the specified index: ${req.IndexName}`);
  const keyCondition = legacyKeyConditions
    ? resolveKeyConditions(legacyKeyConditions, table.keySchema)
    : expressions.keyCondition(req.KeyConditionExpression!, table.keySchema);
  expressions.finish();
  assertFilterSparesKey(req.QueryFilter, table.keySchema);
  const forward = req.ScanIndexForward !== false;
  let start = validateStartKey(table.keySchema, req.ExclusiveStartKey);
  if (start && JSON.stringify(start.hash) !== JSON.stringify(keyCondition.hash)) {
    throw validation('The provided starting key is outside query boundaries based on provided conditions');
  }
  const consistent = req.ConsistentRead === true;
  const page = await readPage({
    limit: req.Limit,
    filter: filter ? (item) => filter.evaluate(item) : undefined,
    project: projection ? (item) => projection.apply(item) : undefined,
    countOnly: select === 'COUNT',
    keySchema: table.keySchema,
    fetch: (after, limit) => {
      const exclusiveStart = after ? after.key.range : start?.range;
      start = undefined;
      return ctx.coordinator.queryPartition(
        table,
        { hash: keyCondition.hash, bounds: keyCondition.bounds, forward, exclusiveStart, limit },
        consistent ? 'LOCAL_QUORUM' : 'LOCAL_ONE',
      );
    },
  });
  const result: Record<string, unknown> = {};
  if (select !== 'COUNT') result.Items = page.items;
  result.Count = page.count;
  result.ScannedCount = page.scannedCount;
  if (page.lastEvaluatedKey) result.LastEvaluatedKey = page.lastEvaluatedKey;
  return Object.assign(result, consumedCapacity(req.ReturnConsumedCapacity, table.name, readUnits(page.scannedBytes, consistent)));
};
