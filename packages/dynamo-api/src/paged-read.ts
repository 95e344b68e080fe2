import type { AttributeMap, SecondaryIndexMeta, TableMeta } from '@dynaring/core';
import { consumedCapacity, readUnits, wantsCapacity, type CapacityMode } from './capacity.js';
import { fetchesBaseItems, IndexReadMeter, projectedNames } from './index-capacity.js';
import { indexItemShaping } from './index-read.js';
import type { Page } from './read-page.js';
import type { CompiledCondition, CompiledProjection } from './request-expressions.js';
import type { SelectRequest } from './validations/select.js';

type Select = 'SPECIFIC_ATTRIBUTES' | 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES';

/** The parameters Query and Scan share that decide how a page is shaped and billed. */
export interface PagedReadRequest extends SelectRequest {
  ReturnConsumedCapacity?: CapacityMode;
  ExpressionAttributeNames?: Record<string, string>;
}

/** How a Query or Scan page sees and outputs items, and the meter of an index read when capacity is asked for. */
export interface PageShaping {
  view?: (item: AttributeMap) => AttributeMap;
  output?: (item: AttributeMap) => AttributeMap;
  meter?: IndexReadMeter;
}

export function pageShaping(
  req: PagedReadRequest,
  table: TableMeta,
  index: SecondaryIndexMeta | undefined,
  select: Select,
  projection: CompiledProjection | undefined,
  filter: CompiledCondition | undefined,
  consistent: boolean,
): PageShaping {
  const shaping = index ? indexItemShaping(table, index, select) : {};
  const meter =
    index && wantsCapacity(req.ReturnConsumedCapacity)
      ? new IndexReadMeter(
          table,
          index,
          fetchesBaseItems(table, index, select, projectedNames(req.ProjectionExpression, req.AttributesToGet, req.ExpressionAttributeNames), filter?.topLevelNames()),
          consistent,
        )
      : undefined;
  const output = shaping.output ?? (projection ? (item: AttributeMap) => projection.apply(item) : undefined);
  // The meter sees every examined item through the view, before the filter.
  return { view: meter ? meter.view(shaping.view) : shaping.view, output, meter };
}

/** The answer to a Query or Scan from its page: Items unless counting, and the capacity it consumed. */
export function pageResponse(
  req: PagedReadRequest,
  table: TableMeta,
  select: Select,
  page: Page,
  meter: IndexReadMeter | undefined,
  consistent: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (select !== 'COUNT') result.Items = page.items;
  result.Count = page.count;
  result.ScannedCount = page.scannedCount;
  if (page.lastEvaluatedKey) result.LastEvaluatedKey = page.lastEvaluatedKey;
  return Object.assign(result, consumedCapacity(req.ReturnConsumedCapacity, table.name, meter ? meter.consumed() : readUnits(page.scannedBytes, consistent)));
}
