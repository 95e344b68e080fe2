import { describe, expect, it } from 'vitest';
import type { AttributeMap, KeySchema } from '@dynaring/core';
import { parseKeyConditionExpression, resolveKeyCondition } from '../../src/expressions/index.js';
import { attrs, expectValidation } from './helpers.js';

const schema: KeySchema = { hash: { name: 'customer', type: 'S' }, range: { name: 'placedAt', type: 'N' } };
const hashOnly: KeySchema = { hash: { name: 'customer', type: 'S' } };
const values: AttributeMap = { ':c': { S: 'c-1' }, ':t': { N: '1700000000' }, ':u': { N: '1800000000' } };

const resolve = (text: string, s: KeySchema = schema, v: AttributeMap = values, names: Record<string, string> = {}) =>
  resolveKeyCondition(parseKeyConditionExpression(text, attrs(v, names)), s);

describe('KeyConditionExpression', () => {
  it('resolves hash equality alone', () => {
    expect(resolve('customer = :c')).toEqual({ hashValue: { S: 'c-1' } });
  });

  it('resolves each range operator, with the attribute on either side', () => {
    expect(resolve('customer = :c AND placedAt >= :t').range).toEqual({ op: '>=', values: [{ N: '1700000000' }] });
    expect(resolve(':t < placedAt AND :c = customer').range).toEqual({ op: '>', values: [{ N: '1700000000' }] });
    expect(resolve('placedAt BETWEEN :t AND :u AND customer = :c').range).toEqual({
      op: 'BETWEEN',
      values: [{ N: '1700000000' }, { N: '1800000000' }],
    });
    const s: KeySchema = { hash: schema.hash, range: { name: 'sk', type: 'S' } };
    expect(resolve('#h = :c AND begins_with(sk, :p)', s, { ':c': { S: 'c-1' }, ':p': { S: 'order#' } }, { '#h': 'customer' }).range).toEqual({
      op: 'begins_with',
      values: [{ S: 'order#' }],
    });
  });

  it('allows one pair of parentheses around conditions and the whole', () => {
    expect(resolve('((customer = :c) AND (placedAt = :t))').range?.op).toBe('=');
  });

  it('refuses operators other than AND-ed conditions', () => {
    expectValidation(() => resolve('customer = :c OR placedAt = :t'), 'Invalid operator used in KeyConditionExpression: OR');
    expectValidation(() => resolve('NOT customer = :c'), 'Invalid operator used in KeyConditionExpression: NOT');
    expectValidation(() => resolve('customer <> :c'), 'Invalid operator used in KeyConditionExpression: <>');
    expectValidation(() => resolve('customer IN (:c)'), 'Invalid operator used in KeyConditionExpression: IN');
    expectValidation(() => resolve('attribute_exists(customer)', schema, {}), 'Invalid operator used in KeyConditionExpression: attribute_exists');
  });

  it('refuses conditions that are not one key attribute against values', () => {
    expectValidation(() => resolve('customer = placedAt', schema, {}), 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    expectValidation(() => resolve(':c = :t', schema, { ':c': values[':c']!, ':t': values[':t']! }), 'Invalid condition in KeyConditionExpression: No key attribute specified');
    expectValidation(() => resolve('customer.x = :c', schema, { ':c': values[':c']! }), 'KeyConditionExpressions cannot have conditions on nested attributes');
    expectValidation(() => resolve('size(customer) = :t', schema, { ':t': values[':t']! }), 'KeyConditionExpressions cannot contain nested operations');
    expectValidation(
      () => resolve(':t BETWEEN placedAt AND :u', schema, { ':t': values[':t']!, ':u': values[':u']! }),
      'Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand',
    );
  });

  it('refuses two conditions on one key and more than two conditions', () => {
    expectValidation(() => resolve('customer = :c AND customer = :c', schema, { ':c': values[':c']! }), 'KeyConditionExpressions must only contain one condition per key');
    expectValidation(
      () => resolve('customer = :c AND placedAt = :t AND other1 = :u'),
      'Conditions can be of length 1 or 2 only',
    );
  });

  it('checks the conditions against the key schema', () => {
    expectValidation(() => resolve('placedAt = :t', schema, { ':t': values[':t']! }), 'Query condition missed key schema element: customer');
    expectValidation(() => resolve('customer = :c AND other1 = :t', schema, { ':c': values[':c']!, ':t': values[':t']! }), 'Query condition missed key schema element: placedAt');
    expectValidation(() => resolve('customer = :c AND other1 = :t', hashOnly, { ':c': values[':c']!, ':t': values[':t']! }), 'Query key condition not supported');
    expectValidation(() => resolve('customer < :c', schema, { ':c': values[':c']! }), 'Query key condition not supported');
    expectValidation(
      () => resolve('customer = :t', schema, { ':t': values[':t']! }),
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  });

  it('refuses begins_with on a number value', () => {
    expectValidation(
      () => resolve('customer = :c AND begins_with(placedAt, :t)', schema, { ':c': values[':c']!, ':t': values[':t']! }),
      'Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
  });
});
