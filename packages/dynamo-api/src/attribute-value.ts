import type { AttributeMap, AttributeValue, KeyAttribute, KeySchema, PrimaryKey, ScalarKeyValue } from '@dynaring/core';
import { NumberError, canonicalNumber } from '@dynaring/core';
import { serialization, validation } from './errors.js';

/**
 * AttributeValues as they arrive in a request (parsed JSON, untrusted) turned into
 * dynaring's canonical values, with DynamoDB's exact errors. Two phases, as DynamoDB has:
 * the JSON shape is checked first (SerializationException, Coral's deserializer), then the
 * values (ValidationException). `check*Shape` runs only the first phase, so an operation
 * can report a shape error anywhere in a request before a value error elsewhere.
 *
 * Like Coral, the shape phase ignores unknown type keys and null members ({"S": null, "X": 1}
 * is an empty AttributeValue) and accepts "true"/"yes"/"1" and "false"/"no"/"0" (any case)
 * for BOOL and NULL.
 */

/** A value is level 1, its members level 2...; DynamoDB refuses anything below level 32. */
export const MAX_NESTING_LEVEL = 32;
export const MAX_HASH_KEY_BYTES = 2048;
export const MAX_RANGE_KEY_BYTES = 1024;

const INVALID = 'One or more parameter values were invalid: ';
const NOT_VALID = 'One or more parameter values are not valid. ';
const EMPTY = 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const SEVERAL = 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const TOO_DEEP = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
const UNPARSABLE_NUMBER = 'The parameter cannot be converted to a numeric value';
const NO_MATCH = 'The provided key element does not match the schema';

type Field = 'String' | 'Boolean' | 'Blob' | 'StringList' | 'BlobList' | 'ValueList' | 'ValueMap';

/** The members of an AttributeValue structure and the JSON type Coral expects of each. */
const FIELDS: Record<string, Field> = {
  S: 'String',
  N: 'String',
  B: 'Blob',
  BOOL: 'Boolean',
  NULL: 'Boolean',
  SS: 'StringList',
  NS: 'StringList',
  BS: 'BlobList',
  L: 'ValueList',
  M: 'ValueMap',
};

// ---------------------------------------------------------------- shape (SerializationException)

/** Throws SerializationException if `raw` is not shaped like an AttributeValue. */
export function checkValueShape(raw: unknown): void {
  valueShape(raw, 1);
}

/** Throws SerializationException if `raw` is not a map of AttributeValues (an Item, a Key, an M). */
export function checkItemShape(raw: unknown): void {
  mapShape(raw, 1);
}

function valueShape(raw: unknown, level: number): void {
  // Deeper values are refused by the value phase anyway; stopping here bounds the recursion.
  if (raw === null || raw === undefined || level > MAX_NESTING_LEVEL) return;
  if (Array.isArray(raw)) throw serialization('Start of list found where not expected');
  if (typeof raw !== 'object') throw serialization('Expected null');
  for (const [type, value] of members(raw)) {
    switch (FIELDS[type]!) {
      case 'String':
        checkString(value);
        break;
      case 'Boolean':
        toBoolean(value);
        break;
      case 'Blob':
        checkBlob(value);
        break;
      case 'StringList':
        for (const m of checkList(value)) if (m !== null) checkString(m);
        break;
      case 'BlobList':
        for (const m of checkList(value)) if (m !== null) checkBlob(m);
        break;
      case 'ValueList':
        for (const m of checkList(value)) valueShape(m, level + 1);
        break;
      case 'ValueMap':
        mapShape(value, level + 1);
        break;
    }
  }
}

function mapShape(raw: unknown, level: number): void {
  if (raw === null || raw === undefined) return;
  if (Array.isArray(raw)) throw serialization('Start of list found where not expected');
  if (typeof raw !== 'object') throw serialization('Expected map or null');
  for (const value of Object.values(raw)) valueShape(value, level);
}

/** The known, non-null members of a structure, in request order. */
function members(raw: object): [string, unknown][] {
  return Object.entries(raw).filter(([k, v]) => Object.hasOwn(FIELDS, k) && v !== null && v !== undefined);
}

function wrongScalar(value: unknown, target: string): never {
  if (Array.isArray(value)) throw serialization('Start of list found where not expected');
  if (typeof value === 'object') throw serialization('Start of structure or map found where not expected.');
  const cls = typeof value === 'number' ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber' : 'java.lang.Boolean';
  throw serialization(`class ${cls} can not be converted to ${target}`);
}

function checkString(value: unknown): asserts value is string {
  if (typeof value !== 'string') wrongScalar(value, 'an String');
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') wrongScalar(value, 'an Boolean');
  const upper = value.toUpperCase();
  if (upper === 'TRUE' || upper === 'YES' || upper === '1') return true;
  if (upper === 'FALSE' || upper === 'NO' || upper === '0') return false;
  throw serialization(`'${upper}' can not be converted to an Boolean`);
}

/** Coral's strict base64: padded, standard alphabet, no stray bits in the last character. */
function checkBlob(value: unknown): asserts value is string {
  if (typeof value !== 'string') wrongScalar(value, 'a Blob');
  const prefix = `'${value}' can not be converted to a Blob: `;
  if (value.length % 4 !== 0) {
    throw serialization(`${prefix}Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
  }
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(value);
  if (bad) throw serialization(`${prefix}Invalid Base64 character: '${bad[0][0]}'`);
  if (Buffer.from(value, 'base64').toString('base64') !== value) {
    // sic: DynamoDB's spelling
    throw serialization(`${prefix}Invalid last non-pad Base64 character dectected`);
  }
}

function checkList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') throw serialization('Start of structure or map found where not expected.');
  throw serialization('Expected list or null');
}

// ---------------------------------------------------------------- values (ValidationException)

/** Checks a raw AttributeValue (shape, then value) and returns it canonical. */
export function canonicalValue(raw: unknown): AttributeValue {
  checkValueShape(raw);
  return toCanonical(raw, 1);
}

/**
 * Checks a raw map of AttributeValues (an Item, a Key, ExclusiveStartKey...) and returns it
 * canonical. Absent (null) counts as empty: whether it may be absent is the caller's rule.
 */
export function canonicalItem(raw: unknown): AttributeMap {
  if (isCanonicalMap(raw, 1)) return raw;
  checkItemShape(raw);
  return toCanonicalMap(raw, 1);
}

// ---------------------------------------------------------------- fast path

/**
 * Most requests carry values that are already canonical ({"S": "x"}, {"N": "12"}). Those are
 * recognised in one pass without allocating and used as they are; anything else (sets,
 * binaries, unknown or null members, non-canonical numbers, any error) is left to the full
 * two-phase checks, so the fast path can never change a result.
 */
function isCanonicalMap(raw: unknown, level: number): raw is AttributeMap {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return false;
  for (const name in raw) {
    // A JSON "__proto__" member is an own property that the [] accessor would not read.
    if (name === '__proto__' || !Object.hasOwn(raw, name)) return false;
    if (!isCanonicalValue((raw as Record<string, unknown>)[name], level)) return false;
  }
  return true;
}

function isCanonicalValue(raw: unknown, level: number): boolean {
  if (level > MAX_NESTING_LEVEL || typeof raw !== 'object' || raw === null) return false;
  if (Object.getPrototypeOf(raw) !== Object.prototype) return false;
  let type: string | undefined;
  for (const member in raw) {
    if (type !== undefined || !Object.hasOwn(raw, member)) return false;
    type = member;
  }
  if (type === undefined) return false;
  const value = (raw as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return typeof value === 'string';
    case 'N':
      return typeof value === 'string' && isCanonicalNumberText(value);
    case 'BOOL':
      return typeof value === 'boolean';
    case 'NULL':
      return value === true;
    case 'M':
      return isCanonicalMap(value, level + 1);
    case 'L':
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (!isCanonicalValue(value[i], level + 1)) return false;
      return true;
    default:
      return false;
  }
}

/**
 * Plain decimals already in canonical text: no exponent, '+', leading or trailing fractional
 * zeros. At most 38 characters keeps them within DynamoDB's precision and magnitude limits.
 */
const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

function isCanonicalNumberText(text: string): boolean {
  return text.length <= 38 && text !== '-0' && CANONICAL_NUMBER.test(text);
}

function toCanonicalMap(raw: unknown, level: number): AttributeMap {
  if (raw === null || raw === undefined) return {};
  // fromEntries defines own properties, so a "__proto__" attribute stays an attribute.
  return Object.fromEntries(Object.entries(raw as object).map(([name, v]) => [name, toCanonical(v, level)]));
}

/**
 * Mirrors DynamoDB's order of checks: each member is validated in request order (so
 * {"S": "a", "N": "x"} is a number error), and only then is the count of members checked.
 */
function toCanonical(raw: unknown, level: number): AttributeValue {
  if (level > MAX_NESTING_LEVEL) throw validation(TOO_DEEP);
  const found = raw === null || raw === undefined ? [] : members(raw as object);
  if (found.length === 0) throw validation(EMPTY);
  const values = found.map(([type, value]) => memberValue(type, value, level));
  if (values.length > 1) throw validation(SEVERAL);
  return values[0]!;
}

function memberValue(type: string, value: unknown, level: number): AttributeValue {
  switch (type) {
    case 'S':
      return { S: value as string };
    case 'N':
      return { N: number(value as string) };
    case 'B':
      return { B: value as string };
    case 'BOOL':
      return { BOOL: toBoolean(value) };
    case 'NULL':
      if (!toBoolean(value)) throw validation(`${INVALID}Null attribute value types must have the value of true`);
      return { NULL: true };
    case 'SS':
      return { SS: stringSet(value as (string | null)[]) };
    case 'NS':
      return { NS: numberSet(value as (string | null)[]) };
    case 'BS':
      return { BS: binarySet(value as (string | null)[]) };
    case 'L':
      return { L: (value as unknown[]).map((v) => toCanonical(v, level + 1)) };
    default:
      return { M: toCanonicalMap(value, level + 1) };
  }
}

function number(text: string | null): string {
  if (text === null || text === '') throw validation(UNPARSABLE_NUMBER);
  if (isCanonicalNumberText(text)) return text;
  try {
    return canonicalNumber(text);
  } catch (err) {
    if (err instanceof NumberError) throw validation(err.message);
    throw err;
  }
}

function stringSet(members: (string | null)[]): string[] {
  if (members.length === 0) throw validation(`${INVALID}An string set  may not be empty`);
  // A null member: DynamoDB's message from when empty strings were refused too.
  if (members.includes(null)) throw validation(`${INVALID}An string set may not have a empty string as a member`);
  const strings = members as string[];
  if (new Set(strings).size !== strings.length) {
    throw validation(`${INVALID}Input collection [${strings.join(', ')}] contains duplicates.`);
  }
  return strings;
}

function numberSet(members: (string | null)[]): string[] {
  if (members.length === 0) throw validation(`${INVALID}An number set  may not be empty`);
  const numbers = members.map(number);
  // "1" and "1.0" are the same number, so duplicates are found after canonicalisation.
  if (new Set(numbers).size !== numbers.length) throw validation('Input collection contains duplicates');
  return numbers;
}

function binarySet(members: (string | null)[]): string[] {
  if (members.length === 0) throw validation(`${INVALID}Binary sets should not be empty`);
  if (members.includes(null)) throw validation(`${INVALID}Binary sets may not contain null or empty values`);
  // The shape check guarantees canonical base64, so equal text is equal bytes.
  const blobs = members as string[];
  if (new Set(blobs).size !== blobs.length) {
    throw validation(`${INVALID}Input collection [${blobs.join(', ')}]of type BS contains duplicates.`);
  }
  return blobs;
}

// ---------------------------------------------------------------- keys

/**
 * The `Key` parameter of GetItem, DeleteItem, UpdateItem (and BatchGetItem keys, Delete
 * requests): exactly the schema's attributes, with the schema's types.
 */
export function validateKey(schema: KeySchema, raw: unknown): PrimaryKey {
  const item = canonicalItem(raw);
  const attributes = schema.range ? [schema.hash, schema.range] : [schema.hash];
  if (Object.keys(item).length !== attributes.length) throw validation(NO_MATCH);
  const values = attributes.map((attr, i) => {
    const value = item[attr.name];
    if (!value || !(attr.type in value)) throw validation(NO_MATCH);
    return keyValue(attr, value as ScalarKeyValue, i === 0);
  });
  return schema.range ? { hash: values[0]!, range: values[1]! } : { hash: values[0]! };
}

/**
 * The primary key of a whole (canonical) item, as PutItem checks it. Other attributes are
 * free. BatchWriteItem's PutRequest reports a wrongly typed key as "The provided key element
 * does not match the schema" instead: its caller rewrites that message.
 */
export function itemKey(schema: KeySchema, item: AttributeMap): PrimaryKey {
  const attributes = schema.range ? [schema.hash, schema.range] : [schema.hash];
  const values = attributes.map((attr, i) => {
    const value = Object.hasOwn(item, attr.name) ? item[attr.name] : undefined;
    if (!value) throw validation(`${INVALID}Missing the key ${attr.name} in the item`);
    if (!(attr.type in value)) {
      throw validation(`${INVALID}Type mismatch for key ${attr.name} expected: ${attr.type} actual: ${Object.keys(value)[0]}`);
    }
    return keyValue(attr, value as ScalarKeyValue, i === 0);
  });
  return schema.range ? { hash: values[0]!, range: values[1]! } : { hash: values[0]! };
}

/** Empty strings and binaries are fine in other attributes (since 2020), never in keys. */
function keyValue(attr: KeyAttribute, value: ScalarKeyValue, isHash: boolean): ScalarKeyValue {
  const bytes = 'S' in value ? Buffer.byteLength(value.S, 'utf8') : 'B' in value ? Buffer.from(value.B, 'base64').length : -1;
  if (bytes === 0) {
    const what = 'S' in value ? 'string' : 'binary';
    throw validation(`${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty ${what} value. Key: ${attr.name}`);
  }
  if (isHash && bytes > MAX_HASH_KEY_BYTES) {
    // sic: no space before the number
    throw validation(`${INVALID}Size of hashkey has exceeded the maximum size limit of${MAX_HASH_KEY_BYTES} bytes`);
  }
  if (!isHash && bytes > MAX_RANGE_KEY_BYTES) {
    throw validation(`${INVALID}Aggregated size of all range keys has exceeded the size limit of ${MAX_RANGE_KEY_BYTES} bytes`);
  }
  return value;
}
