import { describe, expect, it } from 'vitest';
import { DynamoApiError } from '../src/errors.js';
import { canonicalItem } from '../src/attribute-value.js';
import { checkRequest, type Fields } from '../src/validations/shape.js';
import * as f from '../src/validations/common-fields.js';

/** Runs canonicalItem on a fresh parse of `json`, as the server does. */
const canonical = (json: string) => canonicalItem(JSON.parse(json));

function errorOf(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DynamoApiError) return { type: err.type, message: err.message };
    throw err;
  }
  throw new Error('expected a DynamoApiError');
}

describe('canonicalItem on values that are already canonical', () => {
  it('uses the request object itself', () => {
    const raw = JSON.parse('{"pk":{"S":"a"},"n":{"N":"-12.5"},"b":{"BOOL":false},"z":{"NULL":true},"l":{"L":[{"M":{"x":{"N":"0"}}}]}}');
    expect(canonicalItem(raw)).toBe(raw);
  });

  it('still canonicalises numbers that only look canonical-ish', () => {
    expect(canonical('{"a":{"N":"-0"},"b":{"N":"1.50"},"c":{"N":"01"},"d":{"N":"1e3"},"e":{"N":"+1"}}')).toEqual({
      a: { N: '0' },
      b: { N: '1.5' },
      c: { N: '1' },
      d: { N: '1000' },
      e: { N: '1' },
    });
  });

  it('leaves 39 significant digits to the full check, which refuses them', () => {
    const err = errorOf(() => canonical(`{"a":{"N":"${'1'.repeat(39)}"}}`));
    expect(err.message).toBe('Attempting to store more than 38 significant digits in a Number');
  });

  it('drops unknown and null members as before', () => {
    expect(canonical('{"a":{"S":"x","X":1},"b":{"N":null,"S":"y"}}')).toEqual({ a: { S: 'x' }, b: { S: 'y' } });
  });

  it('keeps a "__proto__" attribute as an attribute', () => {
    const item = canonical('{"__proto__":{"S":"x"},"a":{"S":"y"}}');
    expect(Object.keys(item)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(item, '__proto__')?.value).toEqual({ S: 'x' });
  });

  it('reports nesting beyond 32 levels as before', () => {
    let value = '{"S":"x"}';
    for (let i = 0; i < 32; i++) value = `{"L":[${value}]}`;
    expect(errorOf(() => canonical(`{"a":${value}}`)).message).toMatch(/^Nesting Levels have exceeded supported limits/);
  });
});

describe('checkRequest on items and keys', () => {
  const fields: Fields = { TableName: f.tableNameShape, Item: f.requiredAttributeMapShape, ExpressionAttributeNames: f.expressionNamesShape };

  it('passes a well-formed map through and drops unknown members of the request', () => {
    const body = JSON.parse('{"TableName":"tbl","Item":{"a":{"S":"x"}},"ExpressionAttributeNames":{"#a":"a"},"Other":1}');
    const req = checkRequest<Record<string, unknown>>(body, fields);
    expect(req).toEqual({ TableName: 'tbl', Item: { a: { S: 'x' } }, ExpressionAttributeNames: { '#a': 'a' } });
    expect(req.Item).toBe(body.Item);
  });

  it('still reports a wrongly typed name map member', () => {
    const err = errorOf(() => checkRequest({ TableName: 'tbl', Item: {}, ExpressionAttributeNames: { '#a': 1 } }, fields));
    expect(err).toEqual({ type: 'SerializationException', message: 'class java.lang.Short can not be converted to an String' });
  });

  it('reports a table name that fails the pattern, also after valid names were seen', () => {
    checkRequest({ TableName: 'tbl', Item: {} }, fields);
    const err = errorOf(() => checkRequest({ TableName: 'tb!', Item: {} }, fields));
    expect(err.message).toBe(
      "1 validation error detected: Value 'tb!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it('reports a missing required member', () => {
    const err = errorOf(() => checkRequest({ TableName: 'tbl' }, fields));
    expect(err.message).toBe("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
  });
});
