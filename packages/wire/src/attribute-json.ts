import type { AttributeValue, ScalarKeyValue } from '@dynaring/core';
import { MalformedMessageError } from './malformed-message-error.js';

/**
 * Attribute values travel as DynamoDB JSON. Values inside dynaring are already canonical
 * DynamoDB JSON objects, so encoding is a plain JSON.stringify; decoding checks the shape,
 * because a peer's bytes are not trusted to be well formed.
 */
export function encodeValue(value: AttributeValue): string {
  return JSON.stringify(value);
}

/** DynamoDB allows 32 levels of nesting; anything far deeper is not a value we wrote. */
const MAX_DEPTH = 64;

export function decodeValue(json: string, what: string): AttributeValue {
  const value = parseJson(json, what);
  if (!isAttributeValue(value, 0)) throw new MalformedMessageError(`${what} is not a DynamoDB attribute value`);
  return value;
}

export function decodeScalar(json: string, what: string): ScalarKeyValue {
  const value = parseJson(json, what);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    let only: string | undefined;
    let count = 0;
    for (const k in value) {
      only = k;
      count++;
    }
    if (count === 1 && (only === 'S' || only === 'N' || only === 'B')) {
      if (typeof (value as Record<string, unknown>)[only] === 'string') return value as ScalarKeyValue;
    }
  }
  throw new MalformedMessageError(`${what} is not a key value (S, N or B)`);
}

function parseJson(json: string, what: string): unknown {
  if (json === '') throw new MalformedMessageError(`${what} is missing`);
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new MalformedMessageError(`${what} is not JSON`, { cause: err });
  }
}

function isStringArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const s of v) if (typeof s !== 'string') return false;
  return true;
}

function isAttributeValue(v: unknown, depth: number): v is AttributeValue {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || depth > MAX_DEPTH) return false;
  let tag: string | undefined;
  let count = 0;
  for (const k in v) {
    tag = k;
    count++;
  }
  if (count !== 1) return false;
  const inner = (v as Record<string, unknown>)[tag!];
  switch (tag) {
    case 'S':
    case 'N':
    case 'B':
      return typeof inner === 'string';
    case 'BOOL':
      return typeof inner === 'boolean';
    case 'NULL':
      return inner === true;
    case 'SS':
    case 'NS':
    case 'BS':
      return isStringArray(inner);
    case 'L':
      if (!Array.isArray(inner)) return false;
      for (const e of inner) if (!isAttributeValue(e, depth + 1)) return false;
      return true;
    case 'M':
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return false;
      for (const k in inner) if (!isAttributeValue((inner as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    default:
      return false;
  }
}
