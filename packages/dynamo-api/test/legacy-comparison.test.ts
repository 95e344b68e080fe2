import type { AttributeValue, KeySchema } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import { checkConditions, filterCondition, resolveKeyConditions, type LegacyCondition } from '../src/legacy/index.js';
import { compiledCondition } from '../src/request-expressions.js';

const P = 'One or more parameter values were invalid: ';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const check = (c: LegacyCondition) => messageOf(() => checkConditions({ a: c }));

describe('ComparisonOperator arguments', () => {
  it('counts arguments per operator', () => {
    expect(check({ ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1' }, { N: '2' }] })).toBe(
      `${P}Invalid number of argument(s) for the EQ ComparisonOperator`,
    );
    expect(check({ ComparisonOperator: 'NULL', AttributeValueList: [{ N: '1' }] })).toBe(
      `${P}Invalid number of argument(s) for the NULL ComparisonOperator`,
    );
    expect(check({ ComparisonOperator: 'IN', AttributeValueList: [] })).toBe(`${P}Invalid number of argument(s) for the IN ComparisonOperator`);
    expect(check({ ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }] })).toBe(
      `${P}Invalid number of argument(s) for the BETWEEN ComparisonOperator`,
    );
  });

  it('refuses types the operator cannot use', () => {
    expect(check({ ComparisonOperator: 'LE', AttributeValueList: [{ SS: ['a'] }] })).toBe(
      `${P}ComparisonOperator LE is not valid for SS AttributeValue type`,
    );
    expect(check({ ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '3' }] })).toBe(
      `${P}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`,
    );
    expect(check({ ComparisonOperator: 'CONTAINS', AttributeValueList: [{ L: [] }] })).toBe(
      `${P}ComparisonOperator CONTAINS is not valid for L AttributeValue type`,
    );
  });

  it('lets EQ compare any type', () => {
    expect(checkConditions({ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ M: { x: { BOOL: true } } }] } })).toHaveLength(1);
  });

  it('wants one type in the list and an ordered BETWEEN', () => {
    expect(check({ ComparisonOperator: 'IN', AttributeValueList: [{ N: '3' }, { S: 'dog' }] })).toBe(
      `${P}AttributeValues inside AttributeValueList must be of same type`,
    );
    expect(check({ ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '4' }, { N: '3' }] })).toBe(
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  });

  it('canonicalises numbers before comparing', () => {
    const filter = compiledCondition(filterCondition({ a: { ComparisonOperator: 'EQ', AttributeValueList: [{ N: '1.50' }] } }, undefined))!;
    expect(filter.evaluate({ a: { N: '1.5' } })).toBe(true);
  });
});

describe('KeyConditions', () => {
  const schema: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } };
  const hashOnly: KeySchema = { hash: { name: 'pk', type: 'S' } };
  const eq = (v: AttributeValue): LegacyCondition => ({ ComparisonOperator: 'EQ', AttributeValueList: [v] });
  const resolve = (conditions: Record<string, LegacyCondition>, s = schema) => resolveKeyConditions(checkConditions(conditions), s);

  it('turns hash EQ and a range operator into bounds', () => {
    expect(resolve({ pk: eq({ S: 'p' }), sk: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } })).toEqual({
      hash: { S: 'p' },
      bounds: { lower: { value: { N: '1' }, inclusive: true }, upper: { value: { N: '5' }, inclusive: true } },
    });
    expect(resolve({ pk: eq({ S: 'p' }), sk: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '2' }] } }).bounds).toEqual({
      lower: { value: { N: '2' }, inclusive: false },
    });
  });

  it('needs the hash key, with EQ', () => {
    expect(messageOf(() => resolve({ sk: eq({ N: '1' }) }))).toBe('Query condition missed key schema element: pk');
    expect(messageOf(() => resolve({ pk: { ComparisonOperator: 'GT', AttributeValueList: [{ S: 'p' }] } }))).toBe(
      'Query key condition not supported',
    );
  });

  it('refuses non-indexable operators and values of the wrong type', () => {
    expect(messageOf(() => resolve({ pk: { ComparisonOperator: 'NOT_NULL' } }))).toBe(
      'Attempted conditional constraint is not an indexable operation',
    );
    expect(messageOf(() => resolve({ pk: eq({ N: '1' }) }))).toBe(`${P}Condition parameter type does not match schema type`);
  });

  it('refuses a second condition on a hash-only table and one on a non-key attribute', () => {
    expect(messageOf(() => resolve({ pk: eq({ S: 'p' }), other: eq({ S: 'x' }) }, hashOnly))).toBe('Query key condition not supported');
    expect(messageOf(() => resolve({ pk: eq({ S: 'p' }), other: eq({ S: 'x' }) }))).toBe('Query condition missed key schema element: sk');
  });
});
