import { describe, expect, it } from 'vitest';
import type { Mutation } from '@dynaring/core';
import { mutationFromJson, mutationText } from '../src/replica-json.js';

function mutation(hash: string, ts: number): Mutation {
  return {
    tableId: 't-1',
    token: -9_123_456_789_012_345_678n,
    key: { hash: { S: hash }, range: { N: '12345678901234567890.5' } },
    cells: { v: { value: { S: hash.repeat(3) }, timestampMicros: ts }, gone: { value: null, timestampMicros: ts } },
    itemTombstoneMicros: ts - 1,
  };
}

describe('mutationText', () => {
  it('is the text of the mutation it is given, whichever was serialized before', () => {
    const a = mutation('a', 1_700_000_000_000_001);
    const b = mutation('b', 1_700_000_000_000_002);
    const texts = [a, a, b, a, b].map((m) => mutationText(m));
    expect(texts[0]).toBe(texts[1]);
    expect(texts[3]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[4]);
    expect(texts[2]).not.toBe(texts[0]);
    // Exact decimals and 64-bit tokens survive the round trip.
    expect(mutationFromJson(JSON.parse(texts[3]!))).toEqual(a);
    expect(mutationFromJson(JSON.parse(texts[4]!))).toEqual(b);
  });
});
