import { describe, expect, it } from 'vitest';
import { assertConditionalOperator, assertNoDuplicateNames, assertNotMixed } from '../src/legacy/index.js';

function messageOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

const mixed = (legacy: string, expressions: string) =>
  `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy}} Expression parameters: {${expressions}}`;

describe('mixing legacy and expression parameters', () => {
  it('names every parameter present, in DynamoDB order', () => {
    expect(
      messageOf(() =>
        assertNotMixed({ ConditionExpression: 'x', UpdateExpression: 'y', ConditionalOperator: 'AND', Expected: {}, AttributeUpdates: {} }),
      ),
    ).toBe(mixed('AttributeUpdates, Expected, ConditionalOperator', 'UpdateExpression, ConditionExpression'));
    expect(messageOf(() => assertNotMixed({ ScanFilter: {}, AttributesToGet: ['a'], FilterExpression: 'f', ProjectionExpression: 'p' }))).toBe(
      mixed('AttributesToGet, ScanFilter', 'ProjectionExpression, FilterExpression'),
    );
  });

  it('lets KeyConditions go with FilterExpression but not with KeyConditionExpression', () => {
    expect(messageOf(() => assertNotMixed({ KeyConditions: {}, FilterExpression: 'f' }))).toBeUndefined();
    expect(messageOf(() => assertNotMixed({ KeyConditions: {}, QueryFilter: {}, KeyConditionExpression: 'k' }))).toBe(
      mixed('QueryFilter, KeyConditions', 'KeyConditionExpression'),
    );
  });
});

describe('ConditionalOperator', () => {
  it('needs two or more legacy conditions', () => {
    expect(messageOf(() => assertConditionalOperator('AND', undefined))).toBe('ConditionalOperator cannot be used without Filter or Expected');
    expect(messageOf(() => assertConditionalOperator('OR', {}))).toBe('ConditionalOperator cannot be used without Filter or Expected');
    expect(messageOf(() => assertConditionalOperator('OR', { a: {} }))).toBe(
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
    expect(messageOf(() => assertConditionalOperator('OR', { a: {}, b: {} }))).toBeUndefined();
  });
});

describe('AttributesToGet', () => {
  it('refuses a name given twice', () => {
    expect(messageOf(() => assertNoDuplicateNames(['a', 'b', 'a']))).toBe(
      'One or more parameter values were invalid: Duplicate value in attribute name: a',
    );
  });
});
