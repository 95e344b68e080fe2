import { describe, expect, it } from 'vitest';
import {
  ExpressionAttributes,
  parseConditionExpression,
  parseKeyConditionExpression,
  parseProjectionExpression,
  parseUpdateExpression,
} from '../../src/expressions/index.js';
import { expectValidation } from './helpers.js';

describe('placeholders', () => {
  it('reports an undefined name or value with the expression kind', () => {
    expectValidation(
      () => parseConditionExpression('#x = :v', new ExpressionAttributes({}, { ':v': { S: 'a' } })),
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x',
    );
    expectValidation(
      () => parseUpdateExpression('SET a = :v', new ExpressionAttributes()),
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
    expectValidation(
      () => parseConditionExpression('a = :v', new ExpressionAttributes(), 'FilterExpression'),
      'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
  });

  it('counts usage across all the expressions of one request', () => {
    const shared = new ExpressionAttributes({ '#p': 'pk', '#n': 'nick', '#a': 'age' }, { ':p': { S: 'x' }, ':min': { N: '18' } });
    parseKeyConditionExpression('#p = :p', shared);
    parseConditionExpression('#a >= :min', shared, 'FilterExpression');
    parseProjectionExpression('#n, #a', shared);
    expect(() => shared.assertAllUsed()).not.toThrow();
  });

  it('lists unused names before unused values', () => {
    const names = new ExpressionAttributes({ '#a': 'a', '#b': 'b', '#c': 'c' }, { ':v': { N: '1' }, ':w': { N: '2' } });
    parseConditionExpression('#a = :v', names);
    expectValidation(() => names.assertAllUsed(), 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}');
    const values = new ExpressionAttributes({ '#a': 'a' }, { ':v': { N: '1' }, ':w': { N: '2' } });
    parseConditionExpression('#a = :v', values);
    expectValidation(() => values.assertAllUsed(), 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}');
  });
});
