import {
  attributeValuesEqual,
  compareScalars as compareScalarKeys,
  typeOf,
  type AttributeValue,
  type ScalarKeyValue,
} from '@dynaring/core';

/**
 * Value equality and ordering as expressions see them, on top of core's attribute-compare:
 * equality is deep (numbers by value, sets as sets); ordering exists only within S (UTF-8
 * bytes), N (value) and B (unsigned bytes).
 */

export const valuesEqual = attributeValuesEqual;

export const isOrderable = (v: AttributeValue): v is ScalarKeyValue => {
  const t = typeOf(v);
  return t === 'S' || t === 'N' || t === 'B';
};

/** Orders two values of one scalar type; callers check `isOrderable` and equal types first. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number {
  return compareScalarKeys(a as ScalarKeyValue, b as ScalarKeyValue);
}

export const decodeBinary = (b64: string) => Buffer.from(b64, 'base64');
