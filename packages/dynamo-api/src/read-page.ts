import { liveItem, type AttributeMap, type KeySchema, type Row } from '@dynaring/core';
import { itemSizeBytes } from './item-size.js';

/** DynamoDB stops a Query or Scan page once it has read this much data. */
export const PAGE_LIMIT_BYTES = 1024 * 1024;
const BATCH_ROWS = 256;

export interface PageOptions {
  /** Items to examine at most (the request's Limit), before any filter. */
  limit: number | undefined;
  /** What the read sees of an item (a GSI's projection), before the filter. */
  view?: (item: AttributeMap) => AttributeMap;
  filter?: (item: AttributeMap) => boolean;
  project?: (item: AttributeMap) => AttributeMap;
  countOnly: boolean;
  keySchema: KeySchema;
  /** LastEvaluatedKey of an item, when it is more than the table key (index reads). */
  lastKey?: (item: AttributeMap) => AttributeMap;
  /** Fetches the next rows after the last row handed back (undefined: from the start). */
  fetch: (after: Row | undefined, limit: number) => Promise<Row[]>;
}

export interface Page {
  items: AttributeMap[];
  count: number;
  scannedCount: number;
  scannedBytes: number;
  lastEvaluatedKey?: AttributeMap;
}

function keyAttributes(schema: KeySchema, item: AttributeMap): AttributeMap {
  const key: AttributeMap = { [schema.hash.name]: item[schema.hash.name]! };
  if (schema.range) key[schema.range.name] = item[schema.range.name]!;
  return key;
}

/**
 * Reads one page of a Query or Scan as DynamoDB does: Limit counts items examined before the
 * filter, the page ends after 1 MB of examined data, and LastEvaluatedKey names the last item
 * examined whenever the page ended early.
 */
export async function readPage(options: PageOptions): Promise<Page> {
  const page: Page = { items: [], count: 0, scannedCount: 0, scannedBytes: 0 };
  let after: Row | undefined;
  for (;;) {
    const want = options.limit === undefined ? BATCH_ROWS : Math.min(BATCH_ROWS, options.limit - page.scannedCount);
    const rows = await options.fetch(after, want);
    for (const row of rows) {
      after = row;
      const live = liveItem(row.record);
      if (!live) continue;
      const item = options.view ? options.view(live) : live;
      page.scannedCount++;
      page.scannedBytes += itemSizeBytes(item);
      if (!options.filter || options.filter(item)) {
        page.count++;
        if (!options.countOnly) page.items.push(options.project ? options.project(item) : item);
      }
      const full = page.scannedBytes >= PAGE_LIMIT_BYTES || (options.limit !== undefined && page.scannedCount >= options.limit);
      if (full) {
        page.lastEvaluatedKey = options.lastKey ? options.lastKey(item) : keyAttributes(options.keySchema, item);
        return page;
      }
    }
    if (rows.length < want) return page;
  }
}
