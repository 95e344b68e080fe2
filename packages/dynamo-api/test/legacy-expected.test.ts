import type { AttributeMap } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import { expectedCondition, type ExpectedAttributeValue } from '../src/legacy/index.js';
import { compiledCondition } from '../src/request-expressions.js';

const item: AttributeMap = {
  n: { N: '5' },
  s: { S: 'hello' },
  ns: { NS: ['2', '4', '7'] },
  l: { L: [{ N: '2' }, { N: '4' }] },
  b: { B: Buffer.from('hi there').toString('base64') },
};

function holds(expected: Record<string, ExpectedAttributeValue>, operator?: 'AND' | 'OR', on: AttributeMap | null = item): boolean {
  return compiledCondition(expectedCondition(expected, operator))!.evaluate(on);
}

function messageOf(expected: Record<string, ExpectedAttributeValue | undefined>): string {
  try {
    expectedCondition(expected, undefined);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('Expected with Value / Exists', () => {
  it('Value alone means equality', () => {
    expect(holds({ n: { Value: { N: '5.0' } } })).toBe(true);
    expect(holds({ n: { Value: { N: '6' } } })).toBe(false);
    expect(holds({ missing: { Value: { N: '5' } } })).toBe(false);
  });

  it('Exists:false holds only when the attribute is absent, also on a missing item', () => {
    expect(holds({ missing: { Exists: false } })).toBe(true);
    expect(holds({ n: { Exists: false } })).toBe(false);
    expect(holds({ n: { Exists: false } }, undefined, null)).toBe(true);
  });

  it('Exists:true with a Value is equality', () => {
    expect(holds({ s: { Exists: true, Value: { S: 'hello' } } })).toBe(true);
  });

  it('refuses the combinations DynamoDB refuses, in its order', () => {
    const p = 'One or more parameter values were invalid: ';
    expect(messageOf({ a: { Exists: true } })).toBe(`${p}Value must be provided when Exists is true for Attribute: a`);
    expect(messageOf({ a: {} })).toBe(`${p}Value must be provided when Exists is null for Attribute: a`);
    expect(messageOf({ a: { Exists: false, Value: { S: 'x' } } })).toBe(`${p}Value cannot be used when Exists is false for Attribute: a`);
    expect(messageOf({ a: { Exists: false, ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'x' }] } })).toBe(
      `${p}Exists and ComparisonOperator cannot be used together for Attribute: a`,
    );
    expect(messageOf({ a: { Value: { S: 'x' }, ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'x' }] } })).toBe(
      `${p}Value and AttributeValueList cannot be used together for Attribute: a`,
    );
    expect(messageOf({ a: { AttributeValueList: [{ S: 'x' }] } })).toBe(
      `${p}AttributeValueList can only be used with a ComparisonOperator for Attribute: a`,
    );
    expect(messageOf({ a: { ComparisonOperator: 'EQ' } })).toBe(
      `${p}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a`,
    );
    expect(messageOf({ a: undefined })).toBe(`${p}ExpectedAttributeValue must not be null for Attribute: a`);
  });
});

describe('Expected with ComparisonOperator', () => {
  const op = (attribute: string, ComparisonOperator: ExpectedAttributeValue['ComparisonOperator'], ...values: unknown[]) =>
    holds({ [attribute]: { ComparisonOperator, AttributeValueList: values } });

  it('accepts Value in place of a one-element AttributeValueList', () => {
    expect(holds({ n: { ComparisonOperator: 'GT', Value: { N: '4' } } })).toBe(true);
  });

  it('orders numbers by value and fails across types', () => {
    expect(op('n', 'LT', { N: '10' })).toBe(true);
    expect(op('n', 'GE', { N: '5' })).toBe(true);
    expect(op('n', 'LE', { S: '9' })).toBe(false);
  });

  it('NE holds on a missing attribute but NOT_CONTAINS does not', () => {
    expect(op('missing', 'NE', { N: '1' })).toBe(true);
    expect(op('missing', 'NOT_CONTAINS', { N: '1' })).toBe(false);
    expect(op('missing', 'CONTAINS', { N: '1' })).toBe(false);
  });

  it('CONTAINS looks into strings, binaries, sets and lists', () => {
    expect(op('s', 'CONTAINS', { S: 'ell' })).toBe(true);
    expect(op('b', 'CONTAINS', { B: Buffer.from('here').toString('base64') })).toBe(true);
    expect(op('ns', 'CONTAINS', { N: '4' })).toBe(true);
    expect(op('l', 'CONTAINS', { N: '4' })).toBe(true);
    expect(op('ns', 'NOT_CONTAINS', { N: '4' })).toBe(false);
    expect(op('ns', 'NOT_CONTAINS', { N: '1' })).toBe(true);
  });

  it('IN tests membership of the attribute in the list, not the reverse', () => {
    expect(op('n', 'IN', { N: '1' }, { N: '5' })).toBe(true);
    expect(op('ns', 'IN', { N: '2' })).toBe(false);
  });

  it('BETWEEN is inclusive, BEGINS_WITH compares prefixes, NULL / NOT_NULL test existence', () => {
    expect(op('n', 'BETWEEN', { N: '5' }, { N: '6' })).toBe(true);
    expect(op('s', 'BEGINS_WITH', { S: 'hel' })).toBe(true);
    expect(op('n', 'BEGINS_WITH', { S: '5' })).toBe(false);
    expect(op('missing', 'NULL')).toBe(true);
    expect(op('n', 'NOT_NULL')).toBe(true);
  });

  it('joins entries with AND by default and with OR when asked', () => {
    const mixed: Record<string, ExpectedAttributeValue> = { n: { Value: { N: '5' } }, s: { Value: { S: 'nope' } } };
    expect(holds(mixed)).toBe(false);
    expect(holds(mixed, 'OR')).toBe(true);
  });

  it('an empty Expected checks nothing', () => {
    expect(expectedCondition({}, undefined)).toBeUndefined();
  });
});
