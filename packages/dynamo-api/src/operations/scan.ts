import { segmentTokenRange, type TokenRange } from '@dynaring/coordinator';
import { validateStartKey } from '../start-key.js';
import { consumedCapacity, readUnits, type CapacityMode } from '../capacity.js';
import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { readPage } from '../read-page.js';
import { assertConditionalOperator, assertNotMixed, filterCondition, type LegacyCondition } from '../legacy/index.js';
import { compiledCondition, RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { selectMode, type SelectRequest } from '../validations/select.js';

const fields: Fields = {
  ...f.readFields,
  ScanFilter: f.legacyConditionsShape,
  Segment: { type: 'Integer', min: 0, max: 999999 },
  TotalSegments: { type: 'Integer', min: 1, max: 1000000 },
};

interface Request extends SelectRequest {
  TableName: string;
  Limit?: number;
  ConsistentRead?: boolean;
  ScanFilter?: Record<string, LegacyCondition>;
  ConditionalOperator?: 'AND' | 'OR';
  ExclusiveStartKey?: Record<string, unknown>;
  ReturnConsumedCapacity?: CapacityMode;
  Segment?: number;
  TotalSegments?: number;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

function segmentOf(req: Request): TokenRange | undefined {
  const { Segment, TotalSegments } = req;
  if (Segment === undefined && TotalSegments === undefined) return undefined;
  if (TotalSegments === undefined) {
    throw validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (Segment === undefined) {
    throw validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (Segment >= TotalSegments) {
    throw validation(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${Segment} is not less than TotalSegments: ${TotalSegments}`,
    );
  }
  return segmentTokenRange(Segment, TotalSegments);
}

export const scan: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.ScanFilter);
  const legacyFilter = filterCondition(req.ScanFilter, req.ConditionalOperator);
  const segment = segmentOf(req);
  const select = selectMode(req);
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const projection = expressions.projection(req.ProjectionExpression, req.AttributesToGet);
  const filter = expressions.condition(req.FilterExpression, 'FilterExpression') ?? compiledCondition(legacyFilter);
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  if (req.IndexName !== undefined) throw validation(`The table does not have the specified index: ${req.IndexName}`);
  const start = validateStartKey(table.keySchema, req.ExclusiveStartKey);
  const consistent = req.ConsistentRead === true;
  const page = await readPage({
    limit: req.Limit,
    filter: filter ? (item) => filter.evaluate(item) : undefined,
    project: projection ? (item) => projection.apply(item) : undefined,
    countOnly: select === 'COUNT',
    keySchema: table.keySchema,
    fetch: (after, limit) =>
      ctx.coordinator.scan(table, after ? after.key : start, limit, segment, consistent ? 'LOCAL_QUORUM' : 'LOCAL_ONE'),
  });
  const result: Record<string, unknown> = {};
  if (select !== 'COUNT') result.Items = page.items;
  result.Count = page.count;
  result.ScannedCount = page.scannedCount;
  if (page.lastEvaluatedKey) result.LastEvaluatedKey = page.lastEvaluatedKey;
  return Object.assign(result, consumedCapacity(req.ReturnConsumedCapacity, table.name, readUnits(page.scannedBytes, consistent)));
};
