import { describe, expect, it } from 'vitest';
import { decodeRecord, type Mutation } from '@dynaring/core';
import { mutationFromLine, mutationLine } from '../src/replica-json.js';
import { MalformedMessageError } from '../src/malformed-message-error.js';

function mutation(hash: string, ts: number, range = true): Mutation {
  return {
    tableId: 't-1',
    token: -9_123_456_789_012_345_678n,
    key: range ? { hash: { S: hash }, range: { N: '12345678901234567890.5' } } : { hash: { B: 'qg==' } },
    cells: {
      v: { value: { S: hash.repeat(3) }, timestampMicros: ts },
      gone: { value: null, timestampMicros: ts },
      'tab\tand\nnewline': { value: { S: 'a\tb\nc' }, timestampMicros: ts - 5 },
      __proto__x: { value: { M: { l: { L: [{ N: '1E+100' }, { NULL: true }] } } }, timestampMicros: ts },
    },
    itemTombstoneMicros: ts - 1,
  };
}

const plain = (m: Mutation) => ({ tableId: m.tableId, token: m.token, key: m.key, cells: { ...m.cells }, itemTombstoneMicros: m.itemTombstoneMicros });

describe('mutationLine', () => {
  it('is the line of the mutation it is given, whichever was turned into a line before', () => {
    const a = mutation('a', 1_700_000_000_000_001);
    const b = mutation('b', 1_700_000_000_000_002, false);
    const lines = [a, a, b, a, b].map((m) => mutationLine(m));
    expect(lines[0]).toBe(lines[1]);
    expect(lines[3]).toBe(lines[0]);
    expect(lines[2]).toBe(lines[4]);
    expect(lines[2]).not.toBe(lines[0]);
    // One line each, with exact decimals and 64-bit tokens, whatever the names and values hold.
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(plain(mutationFromLine(lines[3]!))).toEqual(plain(a));
    expect(plain(mutationFromLine(lines[4]!))).toEqual(plain(b));
  });

  it('arrives with its record text, which decodes to its cells', () => {
    const m = mutation('a', 1_700_000_000_000_001);
    const received = mutationFromLine(mutationLine(m));
    expect(received.encoded!.cells).toBe(received.cells);
    expect(received.encoded!.tombstoneMicros).toBe(m.itemTombstoneMicros);
    expect(decodeRecord(received.encoded!.text)).toEqual({ cells: { ...m.cells }, tombstoneMicros: m.itemTombstoneMicros });
  });

  it('rejects malformed lines with MalformedMessageError', () => {
    const good = mutationLine(mutation('a', 1_700_000_000_000_001));
    const head = good.slice(0, good.indexOf('\t'));
    const bad = [
      'no tab at all',
      '{"t":1}\t[1,2]',
      '["t-1","not a token",{"S":"a"}]\t[-1,5]',
      head + '\tnot json',
      head + '\t{"a":1}',
      head + '\t[-1,5,"v",[5]]',
      head + '\t[-1,5,"v",7]',
      head + '\t[-1,5,"v",[5,[1]]]',
      head + '\t["x",5]',
      head + '\t[-1,5,"v",["x",{"S":"a"}]]',
    ];
    for (const line of bad) expect(() => mutationFromLine(line), line).toThrow(MalformedMessageError);
  });
});
