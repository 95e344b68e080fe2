import { typeOf, type KeySchema, type ScalarKeyValue } from '@dynaring/core';
import { validation } from '../errors.js';
import type { CompareOp, Condition, Operand } from './ast.js';

export type KeyRangeOp = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'begins_with';

/** One condition of a KeyConditionExpression, normalised so that the attribute is on the left. */
export interface KeyConditionPart {
  readonly attribute: string;
  readonly op: KeyRangeOp;
  readonly values: readonly Operand[];
}

/** A KeyConditionExpression checked for shape but not yet against a key schema. */
export interface KeyCondition {
  readonly parts: readonly KeyConditionPart[];
}

export interface ResolvedKeyCondition {
  readonly hashValue: ScalarKeyValue;
  readonly range?: { readonly op: KeyRangeOp; readonly values: readonly ScalarKeyValue[] };
}

const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * DynamoDB parses a KeyConditionExpression with the condition grammar, then refuses what a
 * key lookup cannot do: anything but AND between conditions, nested paths, size(), two
 * attributes in one condition, two conditions on one key.
 */
export function keyConditionShape(condition: Condition): KeyCondition {
  const conjuncts: Condition[] = [];
  collectConjuncts(condition, conjuncts);
  const parts = conjuncts.map(toPart);
  const seen = new Set<string>();
  for (const p of parts) {
    if (seen.has(p.attribute)) throw validation('KeyConditionExpressions must only contain one condition per key');
    seen.add(p.attribute);
  }
  if (parts.length > 2) throw validation('Conditions can be of length 1 or 2 only');
  return { parts };
}

function collectConjuncts(c: Condition, out: Condition[]): void {
  const refuse = (op: string) => {
    throw validation(`Invalid operator used in KeyConditionExpression: ${op}`);
  };
  switch (c.kind) {
    case 'and':
      collectConjuncts(c.left, out);
      collectConjuncts(c.right, out);
      return;
    case 'or':
      return refuse('OR');
    case 'not':
      return refuse('NOT');
    case 'in':
      return refuse('IN');
    case 'compare':
      if (c.op === '<>') refuse('<>');
      out.push(c);
      return;
    case 'between':
    case 'begins_with':
      out.push(c);
      return;
    default:
      return refuse(c.kind);
  }
}

function toPart(c: Condition): KeyConditionPart {
  let operands: Operand[];
  let op: KeyRangeOp;
  if (c.kind === 'compare') {
    operands = [c.left, c.right];
    op = c.op as KeyRangeOp;
  } else if (c.kind === 'between') {
    operands = [c.subject, c.low, c.high];
    op = 'BETWEEN';
  } else if (c.kind === 'begins_with') {
    operands = [c.subject, c.operand];
    op = 'begins_with';
  } else {
    throw new Error(`not a key condition: ${c.kind}`);
  }
  if (op === 'BETWEEN' || op === 'begins_with') {
    if (operands[0]!.kind !== 'path') {
      throw validation(`Invalid condition in KeyConditionExpression: ${op} operator must have the key attribute as its first operand`);
    }
  }
  let attributeAt = -1;
  operands.forEach((o, i) => {
    if (o.kind === 'size') throw validation('KeyConditionExpressions cannot contain nested operations');
    if (o.kind !== 'path') return;
    if (attributeAt >= 0) throw validation('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    if (o.path.length > 1) throw validation('KeyConditionExpressions cannot have conditions on nested attributes');
    attributeAt = i;
  });
  if (attributeAt < 0) throw validation('Invalid condition in KeyConditionExpression: No key attribute specified');
  if (attributeAt === 1 && c.kind === 'compare') op = FLIPPED[c.op] as KeyRangeOp;
  const attribute = (operands[attributeAt] as { path: readonly (string | number)[] }).path[0] as string;
  return { attribute, op, values: operands.filter((_, i) => i !== attributeAt) };
}

/** Matches the conditions to a table's (or index's) key schema: hash equality plus an optional range condition. */
export function resolveKeyCondition(condition: KeyCondition, schema: KeySchema): ResolvedKeyCondition {
  const hash = condition.parts.find((p) => p.attribute === schema.hash.name);
  if (!hash) throw validation(`Query condition missed key schema element: ${schema.hash.name}`);
  const other = condition.parts.find((p) => p !== hash);
  if (other && other.attribute !== schema.range?.name) {
    throw validation(schema.range ? `Query condition missed key schema element: ${schema.range.name}` : 'Query key condition not supported');
  }
  if (hash.op !== '=') throw validation('Query key condition not supported');
  const hashValues = scalarValues(hash, schema.hash.type);
  if (!other) return { hashValue: hashValues[0]! };
  return { hashValue: hashValues[0]!, range: { op: other.op, values: scalarValues(other, schema.range!.type) } };
}

function scalarValues(part: KeyConditionPart, type: string): ScalarKeyValue[] {
  return part.values.map((o) => {
    if (o.kind !== 'value' || typeOf(o.value) !== type) {
      throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
    }
    return o.value as ScalarKeyValue;
  });
}
