import { validateStartKey } from '../start-key.js';
import type { CapacityMode } from '../capacity.js';
import { pageResponse, pageShaping } from '../paged-read.js';
import { validation } from '../errors.js';
import type { ApiContext, Operation } from '../operation.js';
import { indexLastKey, pointerPosition, requireIndex, validateIndexStartKey } from '../index-read.js';
import { readPage } from '../read-page.js';
import {
  attributeValuesEqual,
  pointerBounds,
  pointerTableMeta,
  type ConsistencyLevel,
  type KeySchema,
  type Row,
  type ScalarKeyValue,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';
import {
  assertConditionalOperator,
  assertConditionCount,
  assertNotMixed,
  checkConditions,
  filterCondition,
  resolveKeyConditions,
  type LegacyCondition,
  type LegacyKeyCondition,
} from '../legacy/index.js';
import { compiledCondition, RequestExpressions, type CompiledCondition } from '../request-expressions.js';
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

/** Nor by FilterExpression: a key attribute anywhere in it is refused. */
function assertFilterExpressionSparesKey(filter: CompiledCondition | undefined, schema: KeySchema): void {
  if (filter === undefined) return;
  const names = filter.topLevelNames();
  for (const key of [schema.hash, schema.range]) {
    if (key && names.has(key.name)) {
      throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${key.name}`);
    }
  }
}

type Fetch = (after: Row | undefined, limit: number) => Promise<Row[]>;

function assertInsideQuery(startHash: ScalarKeyValue, hash: ScalarKeyValue): void {
  if (!attributeValuesEqual(startHash, hash)) {
    throw validation('The provided starting key is outside query boundaries based on provided conditions');
  }
}

function tableFetch(ctx: ApiContext, table: TableMeta, keyCondition: LegacyKeyCondition, forward: boolean, rawStart: Record<string, unknown> | undefined, cl: ConsistencyLevel): Fetch {
  const start = validateStartKey(table.keySchema, rawStart);
  if (start) assertInsideQuery(start.hash, keyCondition.hash);
  return (after, limit) =>
    ctx.coordinator.queryPartition(
      table,
      { hash: keyCondition.hash, bounds: keyCondition.bounds, forward, exclusiveStart: after ? after.key.range : start?.range, limit },
      cl,
    );
}

/** Pointer rows of the index partition in index order, resolved to their base items. */
function indexFetch(
  ctx: ApiContext,
  table: TableMeta,
  index: SecondaryIndexMeta,
  keyCondition: LegacyKeyCondition,
  forward: boolean,
  rawStart: Record<string, unknown> | undefined,
  cl: ConsistencyLevel,
): Fetch {
  const start = validateIndexStartKey(table, index, rawStart);
  if (start) assertInsideQuery(start.indexKey.hash, keyCondition.hash);
  const startPointer = start ? pointerPosition(table, index, start).range : undefined;
  const pointers = pointerTableMeta(table, index);
  const bounds = pointerBounds(keyCondition.bounds);
  return async (after, limit) => {
    const exclusiveStart = after ? after.key.range : startPointer;
    const rows = await ctx.coordinator.queryPartition(pointers, { hash: keyCondition.hash, bounds, forward, exclusiveStart, limit }, cl);
    return ctx.coordinator.readIndexedItems(table, index, rows, cl);
  };
}

export const query: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.QueryFilter);
  const legacyFilter = filterCondition(req.QueryFilter, req.ConditionalOperator);
  if (req.KeyConditionExpression === undefined && req.KeyConditions === undefined) {
    throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  const select = selectMode(req, 'Query');
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const projection = expressions.projection(req.ProjectionExpression, req.AttributesToGet);
  const filter = expressions.condition(req.FilterExpression, 'FilterExpression') ?? compiledCondition(legacyFilter);
  const legacyKeyConditions = req.KeyConditions === undefined ? undefined : checkConditions(req.KeyConditions);
  if (legacyKeyConditions) assertConditionCount(legacyKeyConditions);
  const table = requireTable(ctx, req.TableName);
  const index = req.IndexName === undefined ? undefined : requireIndex(table, { ...req, IndexName: req.IndexName }, select);
  const keySchema = index ? index.keySchema : table.keySchema;
  const keyCondition = legacyKeyConditions
    ? resolveKeyConditions(legacyKeyConditions, keySchema)
    : expressions.keyCondition(req.KeyConditionExpression!, keySchema);
  expressions.finish();
  assertFilterSparesKey(req.QueryFilter, keySchema);
  if (req.FilterExpression !== undefined) assertFilterExpressionSparesKey(filter, keySchema);
  const forward = req.ScanIndexForward !== false;
  const consistent = req.ConsistentRead === true;
  const cl = consistent ? 'LOCAL_QUORUM' : 'LOCAL_ONE';
  const { view, output, meter } = pageShaping(req, table, index, select, projection, filter, consistent);
  const page = await readPage({
    limit: req.Limit,
    view,
    filter: filter ? (item) => filter.evaluate(item) : undefined,
    project: output,
    countOnly: select === 'COUNT',
    keySchema: table.keySchema,
    lastKey: index ? indexLastKey(table, index) : undefined,
    fetch: index ? indexFetch(ctx, table, index, keyCondition, forward, req.ExclusiveStartKey, cl) : tableFetch(ctx, table, keyCondition, forward, req.ExclusiveStartKey, cl),
  });
  return pageResponse(req, table, select, page, meter, consistent);
};
