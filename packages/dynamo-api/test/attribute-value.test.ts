import { describe, expect, it } from 'vitest';
import type { KeySchema } from '@dynaring/core';
import { DynamoApiError } from '../src/errors.js';
import { canonicalItem, canonicalValue, checkItemShape, itemKey, validateKey } from '../src/attribute-value.js';

const INVALID = 'One or more parameter values were invalid: ';

function failure(f: () => unknown): DynamoApiError {
  try {
    f();
  } catch (err) {
    if (err instanceof DynamoApiError) return err;
    throw err;
  }
  throw new Error('expected a DynamoApiError');
}

const validationOf = (raw: unknown) => {
  const err = failure(() => canonicalValue(raw));
  expect(err.type).toBe('ValidationException');
  return err.message;
};

const serializationOf = (raw: unknown) => {
  const err = failure(() => canonicalValue(raw));
  expect(err.type).toBe('SerializationException');
  expect(err.toBody().__type).toBe('com.amazon.coral.service#SerializationException');
  return err.message;
};

function nested(wraps: number): unknown {
  let v: unknown = { S: 'leaf' };
  for (let i = 0; i < wraps; i++) v = i % 2 ? { L: [v] } : { M: { n: v } };
  return v;
}

describe('canonicalValue: accepted values', () => {
  it('keeps every type', () => {
    const raw = {
      M: {
        s: { S: 'a' }, n: { N: '-56.789' }, b: { B: 'Yg==' }, t: { BOOL: false }, z: { NULL: true },
        ss: { SS: ['a'] }, ns: { NS: ['-56.789'] }, bs: { BS: ['Yg=='] }, l: { L: [{ L: [] }, { M: {} }] },
      },
    };
    expect(canonicalValue(raw)).toEqual(raw);
  });

  it('canonicalises numbers, also inside sets, lists and maps', () => {
    expect(canonicalValue({ N: '-0015.789e6' })).toEqual({ N: '-15789000' });
    expect(canonicalValue({ NS: ['1e3', '.5'] })).toEqual({ NS: ['1000', '0.5'] });
    expect(canonicalValue({ L: [{ M: { x: { N: '+1.50' } } }] })).toEqual({ L: [{ M: { x: { N: '1.5' } } }] });
  });

  it('allows empty strings and binaries outside keys (since 2020)', () => {
    expect(canonicalValue({ S: '' })).toEqual({ S: '' });
    expect(canonicalValue({ B: '' })).toEqual({ B: '' });
    expect(canonicalValue({ SS: [''] })).toEqual({ SS: [''] });
    expect(canonicalValue({ BS: [''] })).toEqual({ BS: [''] });
    expect(canonicalValue({ M: { a: { S: '' } } })).toEqual({ M: { a: { S: '' } } });
  });

  it('ignores unknown type keys and null members, as Coral does', () => {
    expect(canonicalValue({ S: 'a', X: 5 })).toEqual({ S: 'a' });
    expect(canonicalValue({ S: 'a', N: null })).toEqual({ S: 'a' });
  });

  it('converts Coral boolean strings', () => {
    expect(canonicalValue({ BOOL: 'yes' })).toEqual({ BOOL: true });
    expect(canonicalValue({ BOOL: 'False' })).toEqual({ BOOL: false });
    expect(canonicalValue({ NULL: '1' })).toEqual({ NULL: true });
  });

  it('accepts 32 levels of nesting', () => {
    expect(() => canonicalValue(nested(31))).not.toThrow();
  });

  it('keeps an attribute named __proto__ as an attribute', () => {
    const item = canonicalItem(JSON.parse('{"__proto__": {"S": "x"}}'));
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.keys(item)).toEqual(['__proto__']);
  });
});

describe('canonicalValue: ValidationException', () => {
  it('refuses an AttributeValue without a type', () => {
    const msg = 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
    for (const raw of [{}, { a: '' }, { M: { a: {} } }, { L: [{}] }, { L: [{ a: {} }] }, { L: [null] }, null]) {
      expect(validationOf(raw)).toBe(msg);
    }
  });

  it('refuses more than one type', () => {
    expect(validationOf({ S: 'a', N: '1' })).toBe(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  });

  it('validates each member before counting them (dynalite "empty/invalid numbers")', () => {
    expect(validationOf({ S: 'a', N: 'b' })).toBe('The parameter cannot be converted to a numeric value: b');
    expect(validationOf({ S: '', N: '' })).toBe('The parameter cannot be converted to a numeric value');
  });

  it('refuses NULL false', () => {
    expect(validationOf({ NULL: false })).toBe(`${INVALID}Null attribute value types must have the value of true`);
    expect(validationOf({ NULL: 'no' })).toBe(`${INVALID}Null attribute value types must have the value of true`);
  });

  it('refuses empty sets with each type\'s wording', () => {
    expect(validationOf({ SS: [] })).toBe(`${INVALID}An string set  may not be empty`);
    expect(validationOf({ NS: [] })).toBe(`${INVALID}An number set  may not be empty`);
    expect(validationOf({ BS: [] })).toBe(`${INVALID}Binary sets should not be empty`);
  });

  it('refuses duplicates in sets with each type\'s wording', () => {
    expect(validationOf({ SS: ['a', 'a'] })).toBe(`${INVALID}Input collection [a, a] contains duplicates.`);
    expect(validationOf({ NS: ['1', '1'] })).toBe('Input collection contains duplicates');
    expect(validationOf({ BS: ['Yg==', 'Yg=='] })).toBe(`${INVALID}Input collection [Yg==, Yg==]of type BS contains duplicates.`);
  });

  it('finds duplicate numbers by value', () => {
    expect(validationOf({ NS: ['1', '1.0'] })).toBe('Input collection contains duplicates');
    expect(validationOf({ NS: ['1000', '1e3'] })).toBe('Input collection contains duplicates');
  });

  it('refuses invalid numbers alone and in sets', () => {
    expect(validationOf({ N: '' })).toBe('The parameter cannot be converted to a numeric value');
    expect(validationOf({ N: 'b' })).toBe('The parameter cannot be converted to a numeric value: b');
    expect(validationOf({ NS: ['1', ''] })).toBe('The parameter cannot be converted to a numeric value');
    expect(validationOf({ NS: ['1', 'b', 'a'] })).toBe('The parameter cannot be converted to a numeric value: b');
    expect(validationOf({ N: '123456789012345678901234567890123456789' })).toBe(
      'Attempting to store more than 38 significant digits in a Number',
    );
    expect(validationOf({ N: '1e126' })).toBe('Number overflow. Attempting to store a number with magnitude larger than supported range');
    expect(validationOf({ N: '-1e-131' })).toBe('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  });

  it('refuses invalid values nested in lists and maps', () => {
    expect(validationOf({ L: [{ S: 'a' }, { NS: [] }] })).toBe(`${INVALID}An number set  may not be empty`);
    expect(validationOf({ M: { a: { M: { b: { NULL: false } } } } })).toBe(
      `${INVALID}Null attribute value types must have the value of true`,
    );
  });

  it('refuses more than 32 levels of nesting', () => {
    expect(validationOf(nested(32))).toBe(
      'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    );
  });

  it('refuses null set members', () => {
    expect(validationOf({ NS: ['1', null] })).toBe('The parameter cannot be converted to a numeric value');
    expect(validationOf({ BS: [null] })).toBe(`${INVALID}Binary sets may not contain null or empty values`);
  });
});

describe('canonicalValue: SerializationException', () => {
  const TRUNCATING = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';

  it('refuses an AttributeValue that is not an object', () => {
    expect(serializationOf('x')).toBe('Expected null');
    expect(serializationOf(5)).toBe('Expected null');
    expect(serializationOf(true)).toBe('Expected null');
    expect(serializationOf([])).toBe('Start of list found where not expected');
  });

  it('refuses non-strings for S, N and set members', () => {
    expect(serializationOf({ S: 5 })).toBe(`${TRUNCATING} can not be converted to an String`);
    expect(serializationOf({ N: 123 })).toBe(`${TRUNCATING} can not be converted to an String`);
    expect(serializationOf({ S: true })).toBe('class java.lang.Boolean can not be converted to an String');
    expect(serializationOf({ S: [] })).toBe('Start of list found where not expected');
    expect(serializationOf({ S: {} })).toBe('Start of structure or map found where not expected.');
    expect(serializationOf({ SS: ['a', 1] })).toBe(`${TRUNCATING} can not be converted to an String`);
    expect(serializationOf({ NS: [false] })).toBe('class java.lang.Boolean can not be converted to an String');
  });

  it('refuses non-booleans for BOOL and NULL', () => {
    expect(serializationOf({ BOOL: 'x' })).toBe("'X' can not be converted to an Boolean");
    expect(serializationOf({ BOOL: 1 })).toBe(`${TRUNCATING} can not be converted to an Boolean`);
    expect(serializationOf({ NULL: [] })).toBe('Start of list found where not expected');
    expect(serializationOf({ NULL: {} })).toBe('Start of structure or map found where not expected.');
  });

  it('refuses non-lists for sets and L', () => {
    for (const type of ['SS', 'NS', 'BS', 'L']) {
      expect(serializationOf({ [type]: 'a' })).toBe('Expected list or null');
      expect(serializationOf({ [type]: {} })).toBe('Start of structure or map found where not expected.');
    }
  });

  it('refuses non-maps for M', () => {
    expect(serializationOf({ M: 'a' })).toBe('Expected map or null');
    expect(serializationOf({ M: [] })).toBe('Start of list found where not expected');
    expect(serializationOf({ M: { a: 5 } })).toBe('Expected null');
    expect(serializationOf({ L: [5] })).toBe('Expected null');
  });

  it('refuses invalid base64 in B and BS', () => {
    expect(serializationOf({ B: true })).toBe('class java.lang.Boolean can not be converted to a Blob');
    expect(serializationOf({ B: 23 })).toBe(`${TRUNCATING} can not be converted to a Blob`);
    expect(serializationOf({ B: '23456' })).toBe(
      "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5",
    );
    expect(serializationOf({ B: '=+/=' })).toBe("'=+/=' can not be converted to a Blob: Invalid Base64 character: '='");
    expect(serializationOf({ BS: ['ab-_'] })).toBe("'ab-_' can not be converted to a Blob: Invalid Base64 character: '-'");
    expect(serializationOf({ BS: ['+/+='] })).toBe("'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
  });

  it('reports a shape error before a value error anywhere in the value', () => {
    expect(serializationOf({ L: [{ NULL: false }, { S: 1 }] })).toBe(
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
    );
  });
});

describe('canonicalItem', () => {
  it('canonicalises every attribute', () => {
    expect(canonicalItem({ a: { S: 'x' }, b: { N: '01' } })).toEqual({ a: { S: 'x' }, b: { N: '1' } });
  });

  it('treats an absent map as empty', () => {
    expect(canonicalItem(undefined)).toEqual({});
  });

  it('refuses a non-map', () => {
    expect(failure(() => canonicalItem('x')).message).toBe('Expected map or null');
    expect(failure(() => canonicalItem([])).message).toBe('Start of list found where not expected');
    expect(failure(() => checkItemShape({ a: 'x' })).message).toBe('Expected null');
  });
});

const hashOnly: KeySchema = { hash: { name: 'a', type: 'S' } };
const withRange: KeySchema = { hash: { name: 'a', type: 'S' }, range: { name: 'b', type: 'N' } };
const binaryRange: KeySchema = { hash: { name: 'a', type: 'S' }, range: { name: 'b', type: 'B' } };
const NO_MATCH = 'The provided key element does not match the schema';

describe('validateKey', () => {
  it('returns the canonical key', () => {
    expect(validateKey(withRange, { a: { S: 'x' }, b: { N: '1e3' } })).toEqual({ hash: { S: 'x' }, range: { N: '1000' } });
    expect(validateKey(hashOnly, { a: { S: 'x' } })).toEqual({ hash: { S: 'x' } });
  });

  it('refuses keys that do not match the schema', () => {
    const bad = [
      {}, { b: { S: 'a' } }, { a: { S: 'a' }, b: { S: 'a' } }, { a: { B: 'abcd' } }, { a: { N: '1' } },
      { a: { BOOL: true } }, { a: { NULL: true } }, { a: { SS: ['a'] } }, { a: { NS: ['1'] } },
      { a: { BS: ['aaaa'] } }, { a: { M: {} } }, { a: { L: [] } },
    ];
    for (const key of bad) expect(failure(() => validateKey(hashOnly, key)).message).toBe(NO_MATCH);
    expect(failure(() => validateKey(withRange, { a: { S: 'a' } })).message).toBe(NO_MATCH);
  });

  it('validates the values before the schema', () => {
    expect(failure(() => validateKey(hashOnly, { a: { NS: [] } })).message).toBe(`${INVALID}An number set  may not be empty`);
  });

  it('refuses empty string and binary key values', () => {
    expect(failure(() => validateKey(hashOnly, { a: { S: '' } })).message).toBe(
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a',
    );
    expect(failure(() => validateKey(binaryRange, { a: { S: 'a' }, b: { B: '' } })).message).toBe(
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: b',
    );
  });

  it('limits the hash key to 2048 UTF-8 bytes', () => {
    expect(validateKey(hashOnly, { a: { S: 'x'.repeat(2048) } })).toBeTruthy();
    expect(failure(() => validateKey(hashOnly, { a: { S: 'x'.repeat(2049) } })).message).toBe(
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
    expect(failure(() => validateKey(hashOnly, { a: { S: 'é'.repeat(1025) } })).message).toMatch(/Size of hashkey/);
  });

  it('limits the range key to 1024 bytes', () => {
    const ok = Buffer.alloc(1024).toString('base64');
    const tooBig = Buffer.alloc(1025).toString('base64');
    expect(validateKey(binaryRange, { a: { S: 'a' }, b: { B: ok } })).toBeTruthy();
    expect(failure(() => validateKey(binaryRange, { a: { S: 'a' }, b: { B: tooBig } })).message).toBe(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  });
});

describe('itemKey', () => {
  it('extracts the key and ignores other attributes', () => {
    expect(itemKey(withRange, { a: { S: 'x' }, b: { N: '2' }, c: { S: '' } })).toEqual({ hash: { S: 'x' }, range: { N: '2' } });
  });

  it('refuses an item without a key attribute', () => {
    expect(failure(() => itemKey(withRange, { a: { S: 'x' } })).message).toBe(`${INVALID}Missing the key b in the item`);
    expect(failure(() => itemKey(hashOnly, { b: { S: 'x' } })).message).toBe(`${INVALID}Missing the key a in the item`);
  });

  it('refuses a key attribute of the wrong type', () => {
    for (const value of [{ B: 'abcd' }, { N: '1' }, { BOOL: true }, { NULL: true as const }, { SS: ['a'] }, { M: {} }, { L: [] }]) {
      const type = Object.keys(value)[0];
      expect(failure(() => itemKey(hashOnly, { a: value })).message).toBe(`${INVALID}Type mismatch for key a expected: S actual: ${type}`);
    }
  });

  it('refuses empty key values', () => {
    expect(failure(() => itemKey(hashOnly, { a: { S: '' } })).message).toBe(
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a',
    );
  });

  it('limits key sizes', () => {
    expect(failure(() => itemKey(hashOnly, { a: { S: 'x'.repeat(2049) } })).message).toMatch(/limit of2048 bytes$/);
  });
});
