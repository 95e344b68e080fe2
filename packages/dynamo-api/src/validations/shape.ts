import { DynamoApiError, serialization } from '../errors.js';

/**
 * Declarative request shapes, checked the way DynamoDB's front end (Coral) checks them:
 * first JSON types (a mismatch is a SerializationException and stops at once), then member
 * constraints, which are collected into one "N validation errors detected" message.
 */
export type Shape =
  | ScalarShape
  | (Common & { type: 'List'; member: Shape })
  | (Common & { type: 'Map'; value: Shape; keys?: MapKeyRule; valueLength?: { min: number; max: number } })
  | (Common & { type: 'Structure'; fields: Record<string, Shape> });

/** Constraints Coral checks on every key of a map, reported once for the whole map. */
interface MapKeyRule {
  minLength: number;
  maxLength: number;
  pattern: string;
}

interface Common {
  notNull?: boolean;
  minLength?: number;
  maxLength?: number;
}

interface ScalarShape extends Common {
  type: 'String' | 'Integer' | 'Long' | 'Boolean' | 'Blob' | 'AttributeValue';
  enum?: readonly string[];
  pattern?: string;
  min?: number;
  max?: number;
}

export type Fields = Record<string, Shape>;

export const tableNameShape: ScalarShape = {
  type: 'String',
  notNull: true,
  pattern: '[a-zA-Z0-9_.-]+',
  minLength: 3,
  maxLength: 255,
};

function javaNumberClass(n: number): string {
  if (n % 1 !== 0) return 'java.lang.Double';
  if (n >= -32768 && n <= 32767) return 'java.lang.Short';
  if (n >= -2147483648 && n <= 2147483647) return 'java.lang.Integer';
  return 'java.lang.Long';
}

function structural(value: unknown): string | null {
  if (Array.isArray(value)) return 'Start of list found where not expected';
  if (typeof value === 'object' && value !== null) return 'Start of structure or map found where not expected.';
  return null;
}

/** Checks JSON types and returns the value with unknown structure members dropped. */
function checkType(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  const fail = (message: string): never => {
    throw serialization(message);
  };
  switch (shape.type) {
    case 'AttributeValue':
      return value;
    case 'String':
      if (typeof value === 'boolean') fail('class java.lang.Boolean can not be converted to an String');
      if (typeof value === 'number') fail(`class ${javaNumberClass(value)} can not be converted to an String`);
      if (typeof value === 'object') fail(structural(value)!);
      return value;
    case 'Blob':
      if (typeof value === 'boolean') fail('class java.lang.Boolean can not be converted to a Blob');
      if (typeof value === 'number') fail(`class ${javaNumberClass(value)} can not be converted to a Blob`);
      if (typeof value === 'object') fail(structural(value)!);
      return value;
    case 'Boolean':
      if (typeof value === 'number') {
        if (javaNumberClass(value) !== 'java.lang.Double') fail(`class ${javaNumberClass(value)} can not be converted to an Boolean`);
        return Math.abs(value) >= 1;
      }
      if (typeof value === 'string') fail(`'${value.toUpperCase()}' can not be converted to an Boolean`);
      if (typeof value === 'object') fail(structural(value)!);
      return value;
    case 'Integer':
    case 'Long':
      if (typeof value === 'boolean') fail(`class java.lang.Boolean can not be converted to an ${shape.type}`);
      if (typeof value === 'string') fail(`class java.lang.String can not be converted to an ${shape.type}`);
      if (typeof value === 'object') fail(structural(value)!);
      return Math.floor(value as number);
    case 'List':
      if (typeof value !== 'object') fail('Expected list or null');
      if (!Array.isArray(value)) fail('Start of structure or map found where not expected.');
      return (value as unknown[]).map((v) => checkType(v, shape.member));
    case 'Map': {
      if (typeof value !== 'object') fail('Expected map or null');
      if (Array.isArray(value)) fail('Start of list found where not expected');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) out[k] = checkType(v, shape.value);
      return out;
    }
    case 'Structure':
      if (typeof value !== 'object') fail('Expected null');
      if (Array.isArray(value)) fail('Start of list found where not expected');
      return checkFields(value as Record<string, unknown>, shape.fields);
  }
}

function checkFields(value: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in fields) {
    const v = checkType(value[name], fields[name]!);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  let text: string;
  if (Array.isArray(value)) text = '[' + value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') + ']';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `'${text}'`;
}

const MAX_REPORTED_ERRORS = 10;

const patterns = new Map<string, RegExp>();
function matches(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(`^(?:${pattern})$`)));
  return re.test(value);
}

function checkConstraints(path: string, value: unknown, shape: Shape, errors: string[]): void {
  if (errors.length >= MAX_REPORTED_ERRORS) return;
  const push = (constraint: string) => {
    if (errors.length < MAX_REPORTED_ERRORS) {
      errors.push(`Value ${describe(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
    }
  };
  if (value === undefined || value === null) {
    if (shape.notNull) push('Member must not be null');
    return;
  }
  if ('enum' in shape && shape.enum && !shape.enum.includes(value as string)) {
    push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  if ('pattern' in shape && shape.pattern && !matches(shape.pattern, value as string)) {
    push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  const length =
    typeof value === 'string' || Array.isArray(value) ? value.length : typeof value === 'object' ? Object.keys(value).length : undefined;
  if (shape.minLength !== undefined && length !== undefined && length < shape.minLength) {
    push(`Member must have length greater than or equal to ${shape.minLength}`);
  }
  if (shape.maxLength !== undefined && length !== undefined && length > shape.maxLength) {
    push(`Member must have length less than or equal to ${shape.maxLength}`);
  }
  if ('min' in shape && shape.min !== undefined && (value as number) < shape.min) {
    push(`Member must have value greater than or equal to ${shape.min}`);
  }
  if ('max' in shape && shape.max !== undefined && (value as number) > shape.max) {
    push(`Member must have value less than or equal to ${shape.max}`);
  }
  switch (shape.type) {
    case 'List':
      (value as unknown[]).forEach((v, i) => checkConstraints(`${path}.${i + 1}.member`, v, shape.member, errors));
      break;
    case 'Map': {
      const entries = Object.entries(value as object);
      if (shape.keys) {
        const { minLength, maxLength, pattern } = shape.keys;
        const bad = entries.some(([k]) => k.length < minLength || k.length > maxLength || !matches(pattern, k));
        if (bad) {
          push(
            `Map keys must satisfy constraint: [Member must have length less than or equal to ${maxLength}, Member must have length greater than or equal to ${minLength}, Member must satisfy regular expression pattern: ${pattern}]`,
          );
        }
      }
      if (shape.valueLength) {
        const { min, max } = shape.valueLength;
        const bad = entries.some(([, v]) => Array.isArray(v) && (v.length < min || v.length > max));
        if (bad) {
          push(
            `Map value must satisfy constraint: [Member must have length less than or equal to ${max}, Member must have length greater than or equal to ${min}]`,
          );
        }
      }
      for (const [k, v] of entries) checkConstraints(`${path}.${k}.member`, v, shape.value, errors);
      break;
    }
    case 'Structure':
      collect(value as Record<string, unknown>, shape.fields, path + '.', errors);
      break;
    default:
  }
}

function collect(value: Record<string, unknown>, fields: Fields, prefix: string, errors: string[]): void {
  for (const name in fields) checkConstraints(prefix + lowerFirst(name), value[name], fields[name]!, errors);
}

/**
 * Validates a request body against an operation's fields and returns the typed body (with
 * unknown members dropped, as DynamoDB ignores them).
 */
export function checkRequest<T>(body: unknown, fields: Fields): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw serialization(Array.isArray(body) ? 'Start of list found where not expected' : 'Expected null');
  }
  const typed = checkFields(body as Record<string, unknown>, fields);
  const errors: string[] = [];
  collect(typed, fields, '', errors);
  if (errors.length) {
    throw new DynamoApiError(
      'ValidationException',
      `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
    );
  }
  return typed as T;
}
