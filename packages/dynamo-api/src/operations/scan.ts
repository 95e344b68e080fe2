import { tokenOf } from '@dynaring/cluster';
import { segmentTokenRange, type TokenRange } from '@dynaring/coordinator';
import { validateStartKey } from '../start-key.js';
import type { CapacityMode } from '../capacity.js';
import { pageResponse, pageShaping } from '../paged-read.js';
import { validation } from '../errors.js';
import type { Operation } from '../operation.js';
import { pointerTableMeta, type PrimaryKey, type Row } from '@dynaring/core';
import { indexLastKey, pointerPosition, requireIndex, validateIndexStartKey } from '../index-read.js';
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
  IndexName?: string;
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

/** A parallel Scan may only start inside its own segment (the range after afterToken, up to endToken). */
function assertStartInSegment(req: Request, segment: TokenRange | undefined, start: PrimaryKey | undefined): void {
  if (!segment || !start) return;
  const token = tokenOf(start.hash);
  const first = req.Segment === 0;
  const last = req.Segment === req.TotalSegments! - 1;
  if ((first || token > segment.afterToken) && (last || token <= segment.endToken)) return;
  throw validation(
    `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${req.TotalSegments} Segment: ${req.Segment}`,
  );
}

export const scan: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.ScanFilter);
  const legacyFilter = filterCondition(req.ScanFilter, req.ConditionalOperator);
  const segment = segmentOf(req);
  const select = selectMode(req, 'Scan');
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const projection = expressions.projection(req.ProjectionExpression, req.AttributesToGet);
  const filter = expressions.condition(req.FilterExpression, 'FilterExpression') ?? compiledCondition(legacyFilter);
  expressions.finish();
  const table = requireTable(ctx, req.TableName);
  const index = req.IndexName === undefined ? undefined : requireIndex(table, { ...req, IndexName: req.IndexName }, select);
  const consistent = req.ConsistentRead === true;
  const cl = consistent ? 'LOCAL_QUORUM' : 'LOCAL_ONE';
  const { view, output, meter } = pageShaping(req, table, index, select, projection, filter, consistent);
  let fetch: (after: Row | undefined, limit: number) => Promise<Row[]>;
  if (index) {
    const position = validateIndexStartKey(table, index, req.ExclusiveStartKey);
    const start = position ? pointerPosition(table, index, position) : undefined;
    assertStartInSegment(req, segment, start);
    const pointers = pointerTableMeta(table, index);
    // Pointer rows in token order of the index hash key, each resolved to its base item.
    fetch = async (after, limit) => {
      const rows = await ctx.coordinator.scan(pointers, after ? after.key : start, limit, segment, cl);
      return ctx.coordinator.readIndexedItems(table, index, rows, cl);
    };
  } else {
    const start = validateStartKey(table.keySchema, req.ExclusiveStartKey);
    assertStartInSegment(req, segment, start);
    fetch = (after, limit) => ctx.coordinator.scan(table, after ? after.key : start, limit, segment, cl);
  }
  const page = await readPage({
    limit: req.Limit,
    view,
    filter: filter ? (item) => filter.evaluate(item) : undefined,
    project: output,
    countOnly: select === 'COUNT',
    keySchema: table.keySchema,
    lastKey: index ? indexLastKey(table, index) : undefined,
    fetch,
  });
  return pageResponse(req, table, select, page, meter, consistent);
};
