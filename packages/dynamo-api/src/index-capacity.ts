import {
  attributeValuesEqual,
  indexKeyOf,
  type AttributeMap,
  type PrimaryKey,
  type SecondaryIndexMeta,
  type TableMeta,
} from '@dynaring/core';
import { readUnits, wantsCapacity, writeUnitsForSize, type CapacityMode, type Consumed } from './capacity.js';
import { ExpressionAttributes, parseProjectionExpression } from './expressions/index.js';
import { indexProjection, indexStartKeyAttributes } from './index-read.js';
import { itemSizeBytes } from './item-size.js';
import type { ApiContext } from './operation.js';

/**
 * Capacity that secondary indexes consume, as the developer guide's "Provisioned throughput
 * considerations" for global and local secondary indexes describe it.
 *
 * Writes: an index is charged by the size of its entry (the projection of the item: table and
 * index keys, plus NonKeyAttributes for INCLUDE, or the whole item for ALL), in 1 KB write
 * units. An item entering or leaving the index costs one write of its entry; a change of the
 * index key costs a delete of the old entry plus a put of the new; a change of projected
 * attributes only costs one write (of the larger entry, as a table's in-place write does); an
 * item absent before and after, or whose entry did not change, costs the index nothing.
 *
 * Reads: a Query or Scan of an index charges the index by the summed size of the entries it
 * examined, rounded up to 4 KB once. A local index read that needs attributes the index does
 * not project also charges the table, each fetched item whole and rounded up on its own.
 */

/** Indexes a write maintains (and so pays for): those being backfilled or active, as storage does. */
export function maintainedIndexes(table: TableMeta): SecondaryIndexMeta[] {
  return (table.indexes ?? []).filter((i) => i.status !== 'DELETING');
}

/** What `index` holds of `item`, or undefined when the item is not in the index (sparse). */
export function indexEntry(table: TableMeta, index: SecondaryIndexMeta, item: AttributeMap | null | undefined): AttributeMap | undefined {
  if (!item || indexKeyOf(index, item) === undefined) return undefined;
  const projection = indexProjection(table, index);
  return projection ? projection(item) : item;
}

function sameKey(a: PrimaryKey, b: PrimaryKey): boolean {
  if (!attributeValuesEqual(a.hash, b.hash)) return false;
  if (a.range === undefined || b.range === undefined) return a.range === b.range;
  return attributeValuesEqual(a.range, b.range);
}

function sameEntry(a: AttributeMap, b: AttributeMap): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((n) => b[n] !== undefined && attributeValuesEqual(a[n]!, b[n]!));
}

/** Write units `index` consumes when a base item goes from `before` to `after` (null: no item). */
export function indexWriteUnits(
  table: TableMeta,
  index: SecondaryIndexMeta,
  before: AttributeMap | null | undefined,
  after: AttributeMap | null | undefined,
): number {
  const oldEntry = indexEntry(table, index, before);
  const newEntry = indexEntry(table, index, after);
  if (!oldEntry && !newEntry) return 0;
  if (!oldEntry) return writeUnitsForSize(itemSizeBytes(newEntry!));
  if (!newEntry) return writeUnitsForSize(itemSizeBytes(oldEntry));
  if (!sameKey(indexKeyOf(index, before!)!, indexKeyOf(index, after!)!)) {
    return writeUnitsForSize(itemSizeBytes(oldEntry)) + writeUnitsForSize(itemSizeBytes(newEntry));
  }
  if (sameEntry(oldEntry, newEntry)) return 0;
  return writeUnitsForSize(Math.max(itemSizeBytes(oldEntry), itemSizeBytes(newEntry)));
}

/** A write's capacity: `tableUnits` for the table plus what each maintained index consumes. */
export function writeConsumed(
  table: TableMeta,
  tableUnits: number,
  before: AttributeMap | null | undefined,
  after: AttributeMap | null | undefined,
): Consumed {
  const indexes: Consumed['indexes'] = [];
  for (const index of maintainedIndexes(table)) {
    const units = indexWriteUnits(table, index, before, after);
    if (units > 0) indexes.push({ name: index.name, kind: index.kind, units });
  }
  return { table: tableUnits, indexes };
}

/**
 * Whether a write must read the item it replaces only to report index capacity: when capacity
 * is asked for and the table has indexes, since an unconditional write does not read it.
 */
export function needsPriorItem(mode: CapacityMode, table: TableMeta): boolean {
  return wantsCapacity(mode) && maintainedIndexes(table).length > 0;
}

/**
 * The item a write is about to replace, read at LOCAL_QUORUM for capacity accounting only.
 * It is not isolated from concurrent writes, and a failed read counts as no item: accounting
 * never fails the write.
 */
export async function readPriorItem(ctx: ApiContext, table: TableMeta, key: PrimaryKey): Promise<AttributeMap | null> {
  try {
    return await ctx.coordinator.read(table, key, 'LOCAL_QUORUM');
  } catch {
    return null;
  }
}

/** Top-level attribute names a ProjectionExpression or AttributesToGet asks for. */
export function projectedNames(
  projectionExpression: string | undefined,
  attributesToGet: string[] | undefined,
  expressionAttributeNames: Record<string, string> | undefined,
): string[] {
  if (projectionExpression !== undefined) {
    // Already validated by the request's own expressions; parsed again only to learn the names.
    const paths = parseProjectionExpression(projectionExpression, new ExpressionAttributes(expressionAttributeNames ?? {}, {}));
    return paths.map((p) => String(p[0]));
  }
  return attributesToGet ?? [];
}

/**
 * Whether an index read fetches base items: only a local index can, and it does when the
 * request needs an attribute the index does not project: Select ALL_ATTRIBUTES, a projection
 * naming one (the developer guide's rule), or a filter reading one (it cannot be evaluated on
 * the index entry alone).
 */
export function fetchesBaseItems(
  table: TableMeta,
  index: SecondaryIndexMeta,
  select: string,
  requested: readonly string[],
  filterNames: ReadonlySet<string> | undefined,
): boolean {
  if (index.kind !== 'local' || index.projection.type === 'ALL') return false;
  if (select === 'ALL_ATTRIBUTES') return true;
  const projected = new Set([...indexStartKeyAttributes(table, index).map((a) => a.name), ...(index.projection.nonKeyAttributes ?? [])]);
  if (select === 'SPECIFIC_ATTRIBUTES' && requested.some((n) => !projected.has(n))) return true;
  return filterNames !== undefined && [...filterNames].some((n) => !projected.has(n));
}

/** Measures an index read item by item, through readPage's `view` hook (called once per examined item). */
export class IndexReadMeter {
  private entryBytes = 0;
  private fetchUnits = 0;

  constructor(
    private readonly table: TableMeta,
    private readonly index: SecondaryIndexMeta,
    private readonly fetchesBase: boolean,
    private readonly consistent: boolean,
  ) {}

  /** Wraps the read's view so that each examined item is counted. */
  view(inner: ((item: AttributeMap) => AttributeMap) | undefined): (item: AttributeMap) => AttributeMap {
    return (item) => {
      this.observe(item);
      return inner ? inner(item) : item;
    };
  }

  /** Counts one examined item, given whole as the base table holds it. */
  observe(item: AttributeMap): void {
    this.entryBytes += itemSizeBytes(indexEntry(this.table, this.index, item) ?? item);
    if (this.fetchesBase) this.fetchUnits += readUnits(itemSizeBytes(item), this.consistent);
  }

  consumed(): Consumed {
    return {
      table: this.fetchUnits,
      indexes: [{ name: this.index.name, kind: this.index.kind, units: readUnits(this.entryBytes, this.consistent) }],
    };
  }
}
