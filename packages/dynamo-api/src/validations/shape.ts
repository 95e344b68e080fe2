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
      if (isPassThroughMap(value as object, shape.value)) return value;
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

/**
 * Whether copying a map would give an equal map: every member is present and of a type that
 * checkType returns unchanged. Items and keys are checked on every request; not copying them
 * saves an allocation per attribute.
 */
function isPassThroughMap(value: object, member: Shape): boolean {
  if (member.type !== 'AttributeValue' && member.type !== 'String') return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const k in value) {
    // The copy would assign "__proto__" (changing its prototype), not define a member.
    if (k === '__proto__' || !Object.hasOwn(value, k)) return false;
    const v = (value as Record<string, unknown>)[k];
    if (v === null || v === undefined) return false;
    if (member.type === 'String' && typeof v !== 'string') return false;
  }
  return true;
}

function checkFields(value: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of compile(fields)) {
    const raw = value[field.name];
    if (raw === undefined || raw === null) continue;
    const v = checkType(raw, field.shape);
    if (v !== undefined) out[field.name] = v;
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

interface CompiledPattern {
  re: RegExp;
  /** Values seen to match (table names, mostly): a request names the same few again and again. */
  matched: Set<string>;
}
const MAX_REMEMBERED_MATCHES = 1024;
const MAX_REMEMBERED_LENGTH = 255;
const patterns = new Map<string, CompiledPattern>();
function matches(pattern: string, value: string): boolean {
  let compiled = patterns.get(pattern);
  if (!compiled) patterns.set(pattern, (compiled = { re: new RegExp(`^(?:${pattern})$`), matched: new Set() }));
  if (compiled.matched.has(value)) return true;
  if (!compiled.re.test(value)) return false;
  if (compiled.matched.size < MAX_REMEMBERED_MATCHES && value.length <= MAX_REMEMBERED_LENGTH) compiled.matched.add(value);
  return true;
}

function report(errors: string[], value: unknown, path: string, constraint: string): void {
  if (errors.length < MAX_REPORTED_ERRORS) {
    errors.push(`Value ${describe(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}

/** Shapes with no constraint anywhere inside: checking them can never report anything. */
const unconstrainedShapes = new WeakMap<Shape, boolean>();
function isUnconstrained(shape: Shape): boolean {
  let result = unconstrainedShapes.get(shape);
  if (result !== undefined) return result;
  result =
    !shape.notNull &&
    shape.minLength === undefined &&
    shape.maxLength === undefined &&
    !('enum' in shape && shape.enum) &&
    !('pattern' in shape && shape.pattern) &&
    !('min' in shape && shape.min !== undefined) &&
    !('max' in shape && shape.max !== undefined);
  if (result) {
    switch (shape.type) {
      case 'List':
        result = isUnconstrained(shape.member);
        break;
      case 'Map':
        result = !shape.keys && !shape.valueLength && isUnconstrained(shape.value);
        break;
      case 'Structure':
        result = Object.values(shape.fields).every(isUnconstrained);
        break;
      default:
    }
  }
  unconstrainedShapes.set(shape, result);
  return result;
}

function checkConstraints(path: string, value: unknown, shape: Shape, errors: string[]): void {
  if (errors.length >= MAX_REPORTED_ERRORS) return;
  if (value === undefined || value === null) {
    if (shape.notNull) report(errors, value, path, 'Member must not be null');
    return;
  }
  if (isUnconstrained(shape)) return;
  if ('enum' in shape && shape.enum && !shape.enum.includes(value as string)) {
    report(errors, value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  if ('pattern' in shape && shape.pattern && !matches(shape.pattern, value as string)) {
    report(errors, value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.minLength !== undefined || shape.maxLength !== undefined) {
    const length =
      typeof value === 'string' || Array.isArray(value) ? value.length : typeof value === 'object' ? Object.keys(value).length : undefined;
    if (shape.minLength !== undefined && length !== undefined && length < shape.minLength) {
      report(errors, value, path, `Member must have length greater than or equal to ${shape.minLength}`);
    }
    if (shape.maxLength !== undefined && length !== undefined && length > shape.maxLength) {
      report(errors, value, path, `Member must have length less than or equal to ${shape.maxLength}`);
    }
  }
  if ('min' in shape && shape.min !== undefined && (value as number) < shape.min) {
    report(errors, value, path, `Member must have value greater than or equal to ${shape.min}`);
  }
  if ('max' in shape && shape.max !== undefined && (value as number) > shape.max) {
    report(errors, value, path, `Member must have value less than or equal to ${shape.max}`);
  }
  switch (shape.type) {
    case 'List':
      if (isUnconstrained(shape.member)) break;
      (value as unknown[]).forEach((v, i) => checkConstraints(`${path}.${i + 1}.member`, v, shape.member, errors));
      break;
    case 'Map': {
      if (!shape.keys && !shape.valueLength && isUnconstrained(shape.value)) break;
      const entries = Object.entries(value as object);
      if (shape.keys) {
        const { minLength, maxLength, pattern } = shape.keys;
        const bad = entries.some(([k]) => k.length < minLength || k.length > maxLength || !matches(pattern, k));
        if (bad) {
          report(
            errors,
            value,
            path,
            `Map keys must satisfy constraint: [Member must have length less than or equal to ${maxLength}, Member must have length greater than or equal to ${minLength}, Member must satisfy regular expression pattern: ${pattern}]`,
          );
        }
      }
      if (shape.valueLength) {
        const { min, max } = shape.valueLength;
        const bad = entries.some(([, v]) => Array.isArray(v) && (v.length < min || v.length > max));
        if (bad) {
          report(
            errors,
            value,
            path,
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

interface CompiledField {
  name: string;
  /** The name as Coral spells it in a message path. */
  messageName: string;
  shape: Shape;
  /** Nothing can be reported about the field when present. */
  unconstrained: boolean;
}

/** Each field list's per-field facts, worked out on first use rather than per request. */
const compiledFields = new WeakMap<Fields, CompiledField[]>();
function compile(fields: Fields): CompiledField[] {
  let compiled = compiledFields.get(fields);
  if (!compiled) {
    compiled = Object.keys(fields).map((name) => ({
      name,
      messageName: lowerFirst(name),
      shape: fields[name]!,
      unconstrained: isUnconstrained(fields[name]!),
    }));
    compiledFields.set(fields, compiled);
  }
  return compiled;
}

function collect(value: Record<string, unknown>, fields: Fields, prefix: string, errors: string[]): void {
  for (const field of compile(fields)) {
    const v = value[field.name];
    // An absent optional member or an unconstrained one can report nothing: skip building its path.
    if (v === undefined || v === null ? !field.shape.notNull : field.unconstrained) continue;
    checkConstraints(prefix + field.messageName, v, field.shape, errors);
  }
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
