import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '@dynaring/core';
import { evaluateCondition, parseConditionExpression } from '../../src/expressions/index.js';
import { attrs } from './helpers.js';

/** A realistic order item. */
const order: AttributeMap = {
  pk: { S: 'customer#42' },
  sk: { S: 'order#2024-05-01' },
  amountDue: { N: '129.5' },
  status: { S: 'SHIPPED' },
  express: { BOOL: true },
  giftNote: { NULL: true },
  tags: { SS: ['gift', 'fragile'] },
  qty: { NS: ['1', '2', '10'] },
  payload: { B: Buffer.from([1, 2, 3, 4]).toString('base64') },
  orderLines: {
    L: [
      { M: { sku: { S: 'A-1' }, unitPrice: { N: '99.5' } } },
      { M: { sku: { S: 'B-2' }, unitPrice: { N: '30' } } },
    ],
  },
  address: { M: { town: { S: 'Zürich' }, postcode: { S: '8001' } } },
};

const check = (expr: string, values: AttributeMap = {}, names: Record<string, string> = {}, item: AttributeMap | null = order) =>
  evaluateCondition(parseConditionExpression(expr, attrs(values, names)), item);

describe('comparisons', () => {
  it('compares numbers by value, not text', () => {
    expect(check('amountDue = :v', { ':v': { N: '129.50' } })).toBe(true);
    expect(check('amountDue > :v', { ':v': { N: '99.99' } })).toBe(true);
    expect(check('amountDue <= :v', { ':v': { N: '1.295E2' } })).toBe(true);
  });

  it('compares strings by UTF-8 bytes and binaries as unsigned bytes', () => {
    expect(check('#s < :v', { ':v': { S: 'ZZZ' } }, { '#s': 'status' })).toBe(true);
    // U+FF5E sorts before U+1F600 in UTF-8 although not in UTF-16.
    expect(check(':a < :b', { ':a': { S: '\uff5e' }, ':b': { S: '\u{1f600}' } })).toBe(true);
    expect(check('payload < :v', { ':v': { B: Buffer.from([0x80]).toString('base64') } })).toBe(true);
  });

  it('is false (not an error) across types, and <> is then true', () => {
    expect(check('amountDue = :v', { ':v': { S: '129.5' } })).toBe(false);
    expect(check('amountDue < :v', { ':v': { S: '200' } })).toBe(false);
    expect(check('amountDue <> :v', { ':v': { S: '129.5' } })).toBe(true);
    expect(check('orderLines < :v', { ':v': { N: '1' } })).toBe(false);
  });

  it('treats a absent attribute as unequal to everything, itself included', () => {
    expect(check('absent = :v', { ':v': { S: 'x' } })).toBe(false);
    expect(check('absent <> :v', { ':v': { S: 'x' } })).toBe(true);
    expect(check('absent = alsoAbsent')).toBe(false);
    expect(check('absent <> alsoAbsent')).toBe(true);
    expect(check('absent < :v', { ':v': { N: '1' } })).toBe(false);
  });

  it('compares sets as sets and maps regardless of key order', () => {
    expect(check('tags = :v', { ':v': { SS: ['fragile', 'gift'] } })).toBe(true);
    expect(check('qty = :v', { ':v': { NS: ['10', '1', '2.0'] } })).toBe(true);
    expect(check('address = :v', { ':v': { M: { postcode: { S: '8001' }, town: { S: 'Zürich' } } } })).toBe(true);
  });

  it('evaluates BETWEEN inclusively and IN by equality', () => {
    expect(check('amountDue BETWEEN :a AND :b', { ':a': { N: '100' }, ':b': { N: '129.5' } })).toBe(true);
    expect(check('amountDue BETWEEN :a AND :b', { ':a': { S: 'a' }, ':b': { S: 'z' } })).toBe(false);
    expect(check('#s IN (:a, :b)', { ':a': { S: 'PENDING' }, ':b': { S: 'SHIPPED' } }, { '#s': 'status' })).toBe(true);
    expect(check('absent IN (:a)', { ':a': { S: 'x' } })).toBe(false);
  });

  it('reads nested paths', () => {
    expect(check('orderLines[1].sku = :v', { ':v': { S: 'B-2' } })).toBe(true);
    expect(check('address.town = :v', { ':v': { S: 'Zürich' } })).toBe(true);
    expect(check('orderLines[5].sku = :v', { ':v': { S: 'B-2' } })).toBe(false);
    expect(check('address[0] = :v', { ':v': { S: 'x' } })).toBe(false);
  });
});

describe('logic', () => {
  it('applies NOT > AND > OR precedence and parentheses', () => {
    const v = { ':t': { BOOL: true }, ':f': { BOOL: false } };
    // true OR (false AND false)
    expect(check('express = :t OR express = :f AND express = :f', v)).toBe(true);
    // (true OR false) AND false
    expect(check('(express = :t OR express = :f) AND express = :f', v)).toBe(false);
    // (NOT true) AND true
    expect(check('NOT express = :t AND express = :t', v)).toBe(false);
  });
});

describe('functions', () => {
  it('attribute_exists and attribute_not_exists, also on a absent item', () => {
    expect(check('attribute_exists(address.postcode)')).toBe(true);
    expect(check('attribute_exists(giftNote)')).toBe(true);
    expect(check('attribute_not_exists(orderLines[2])')).toBe(true);
    expect(check('attribute_not_exists(pk)', {}, {}, null)).toBe(true);
  });

  it('attribute_type', () => {
    expect(check('attribute_type(qty, :t)', { ':t': { S: 'NS' } })).toBe(true);
    expect(check('attribute_type(qty, :t)', { ':t': { S: 'SS' } })).toBe(false);
  });

  it('begins_with on strings and binaries only', () => {
    expect(check('begins_with(sk, :p)', { ':p': { S: 'order#' } })).toBe(true);
    expect(check('begins_with(payload, :p)', { ':p': { B: Buffer.from([1, 2]).toString('base64') } })).toBe(true);
    expect(check('begins_with(tags, :p)', { ':p': { S: 'g' } })).toBe(false);
  });

  it('contains on strings, sets and lists', () => {
    expect(check('contains(sk, :v)', { ':v': { S: '2024' } })).toBe(true);
    expect(check('contains(tags, :v)', { ':v': { S: 'gift' } })).toBe(true);
    expect(check('contains(qty, :v)', { ':v': { N: '10.0' } })).toBe(true);
    expect(check('contains(orderLines, :v)', { ':v': { M: { unitPrice: { N: '30' }, sku: { S: 'B-2' } } } })).toBe(true);
    expect(check('contains(tags, :v)', { ':v': { N: '1' } })).toBe(false);
  });

  it('size() as a comparison operand', () => {
    expect(check('size(orderLines) = :v', { ':v': { N: '2' } })).toBe(true);
    expect(check('size(tags) > :v', { ':v': { N: '1' } })).toBe(true);
    expect(check('size(address) = :v', { ':v': { N: '2' } })).toBe(true);
    // Strings measure in UTF-8 bytes: "Zürich" is 7.
    expect(check('size(address.town) = :v', { ':v': { N: '7' } })).toBe(true);
    expect(check('size(payload) = :v', { ':v': { N: '4' } })).toBe(true);
    // No size for a number: the comparison is false, not an error.
    expect(check('size(amountDue) = :v', { ':v': { N: '5' } })).toBe(false);
    expect(check('size(absent) <> :v', { ':v': { N: '0' } })).toBe(true);
  });
});
