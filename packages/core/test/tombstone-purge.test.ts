import { describe, expect, it } from 'vitest';
import { liveItem, mergeRecords, purgeTombstones, type ItemRecord } from '@dynaring/core';

const s = (v: string) => ({ S: v });
const PURGE_BEFORE = 1_000;

describe('purgeTombstones', () => {
  it('returns the record itself when every tombstone is younger than the threshold', () => {
    const record: ItemRecord = {
      cells: { a: { value: s('a'), timestampMicros: 2_000 }, b: { value: null, timestampMicros: 1_500 } },
      tombstoneMicros: 1_000,
    };
    expect(purgeTombstones(record, PURGE_BEFORE)).toBe(record);
  });

  it('keeps a young item tombstone with no cells, so the row stays to shadow older data', () => {
    const record: ItemRecord = { cells: {}, tombstoneMicros: 5_000 };
    expect(purgeTombstones(record, PURGE_BEFORE)).toBe(record);
  });

  it('drops an old item tombstone and old cell tombstones, keeping live cells', () => {
    const record: ItemRecord = {
      cells: { a: { value: s('a'), timestampMicros: 900 }, gone: { value: null, timestampMicros: 800 } },
      tombstoneMicros: 899,
    };
    expect(purgeTombstones(record, PURGE_BEFORE)).toEqual({ cells: { a: { value: s('a'), timestampMicros: 900 } }, tombstoneMicros: -1 });
  });

  it('keeps a young cell tombstone while dropping an old item tombstone', () => {
    const record: ItemRecord = { cells: { b: { value: null, timestampMicros: 1_200 } }, tombstoneMicros: 500 };
    expect(purgeTombstones(record, PURGE_BEFORE)).toEqual({ cells: { b: { value: null, timestampMicros: 1_200 } }, tombstoneMicros: -1 });
  });

  it('returns null when only old tombstones remain', () => {
    expect(purgeTombstones({ cells: {}, tombstoneMicros: 10 }, PURGE_BEFORE)).toBeNull();
    expect(purgeTombstones({ cells: { a: { value: null, timestampMicros: 10 } }, tombstoneMicros: -1 }, PURGE_BEFORE)).toBeNull();
    expect(purgeTombstones({ cells: {}, tombstoneMicros: -1 }, PURGE_BEFORE)).toBeNull();
  });

  it('never resurrects cells shadowed by the item tombstone it drops', () => {
    // Not compacted by mergeRecords (as a record built elsewhere might be): the shadowed cell
    // must go with the tombstone, or it would be live again.
    const record: ItemRecord = {
      cells: { old: { value: s('old'), timestampMicros: 100 }, tie: { value: s('tie'), timestampMicros: 200 } },
      tombstoneMicros: 200,
    };
    expect(liveItem(record)).toBeNull();
    const purged = purgeTombstones(record, PURGE_BEFORE);
    expect(purged).toBeNull();
  });

  it('drops shadowed cells even while it must keep a young item tombstone', () => {
    const record: ItemRecord = { cells: { old: { value: s('old'), timestampMicros: 100 } }, tombstoneMicros: 5_000 };
    expect(purgeTombstones(record, PURGE_BEFORE)).toEqual({ cells: {}, tombstoneMicros: 5_000 });
  });

  it('leaves what the item reads as unchanged', () => {
    const stored = mergeRecords(
      { cells: { a: { value: s('a'), timestampMicros: 100 }, b: { value: s('b'), timestampMicros: 600 } }, tombstoneMicros: -1 },
      { cells: { c: { value: s('c'), timestampMicros: 700 }, b: { value: null, timestampMicros: 650 } }, tombstoneMicros: 300 },
    );
    expect(liveItem(purgeTombstones(stored, PURGE_BEFORE))).toEqual(liveItem(stored));
    expect(liveItem(purgeTombstones(stored, PURGE_BEFORE))).toEqual({ c: s('c') });
  });

  it('does not mutate the record it is given', () => {
    const record: ItemRecord = { cells: { a: { value: null, timestampMicros: 10 }, b: { value: s('b'), timestampMicros: 20 } }, tombstoneMicros: 5 };
    const copy = structuredClone(record);
    purgeTombstones(record, PURGE_BEFORE);
    expect(record).toEqual(copy);
  });
});
