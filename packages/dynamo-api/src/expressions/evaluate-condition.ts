import { typeOf, type AttributeMap, type AttributeValue } from '@dynaring/core';
import type { CompareOp, Condition, Operand } from './ast.js';
import { valueAtPath } from './document-path.js';
import { compareScalars, decodeBinary, isOrderable, valuesEqual } from './value-compare.js';

/**
 * Evaluates a resolved condition against an item (null: the item does not exist). As in
 * DynamoDB, nothing here throws: a missing attribute or a comparison across types is simply
 * false (and `<>` true).
 */
export function evaluateCondition(condition: Condition, item: AttributeMap | null): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'compare':
      return compare(condition.op, operandValue(condition.left, item), operandValue(condition.right, item));
    case 'between': {
      const v = operandValue(condition.subject, item);
      const low = operandValue(condition.low, item);
      const high = operandValue(condition.high, item);
      return compare('>=', v, low) && compare('<=', v, high);
    }
    case 'in': {
      const v = operandValue(condition.subject, item);
      if (v === undefined) return false;
      return condition.list.some((o) => {
        const candidate = operandValue(o, item);
        return candidate !== undefined && valuesEqual(v, candidate);
      });
    }
    case 'attribute_exists':
      return valueAtPath(item, condition.path) !== undefined;
    case 'attribute_not_exists':
      return valueAtPath(item, condition.path) === undefined;
    case 'attribute_type': {
      const v = operandValue(condition.subject, item);
      const t = operandValue(condition.type, item);
      return v !== undefined && t !== undefined && 'S' in t && typeOf(v) === t.S;
    }
    case 'begins_with': {
      const v = operandValue(condition.subject, item);
      const prefix = operandValue(condition.operand, item);
      if (v === undefined || prefix === undefined) return false;
      if ('S' in v && 'S' in prefix) return v.S.startsWith(prefix.S);
      if ('B' in v && 'B' in prefix) {
        const whole = decodeBinary(v.B);
        const start = decodeBinary(prefix.B);
        return start.length <= whole.length && whole.subarray(0, start.length).equals(start);
      }
      return false;
    }
    case 'contains': {
      const v = operandValue(condition.subject, item);
      const needle = operandValue(condition.operand, item);
      return v !== undefined && needle !== undefined && contains(v, needle);
    }
  }
}

function compare(op: CompareOp, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === '<>') return a === undefined || b === undefined || !valuesEqual(a, b);
  if (a === undefined || b === undefined) return false;
  if (op === '=') return valuesEqual(a, b);
  if (!isOrderable(a) || typeOf(a) !== typeOf(b)) return false;
  const c = compareScalars(a, b);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function contains(haystack: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in haystack) return 'S' in needle && haystack.S.includes(needle.S);
  if ('B' in haystack) return 'B' in needle && decodeBinary(haystack.B).includes(decodeBinary(needle.B));
  if ('SS' in haystack) return 'S' in needle && haystack.SS.includes(needle.S);
  if ('NS' in haystack) return 'N' in needle && haystack.NS.some((n) => valuesEqual({ N: n }, needle));
  if ('BS' in haystack) return 'B' in needle && haystack.BS.some((b) => valuesEqual({ B: b }, needle));
  if ('L' in haystack) return haystack.L.some((e) => valuesEqual(e, needle));
  return false;
}

/** The value an operand stands for on this item; undefined when it refers to nothing. */
export function operandValue(operand: Operand, item: AttributeMap | null): AttributeValue | undefined {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'path':
      return valueAtPath(item, operand.path);
    case 'size': {
      const v = operandValue(operand.operand, item);
      const n = v === undefined ? undefined : sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
  }
}

/** size(): string length in UTF-8 bytes, binary length, element / entry counts; else none. */
function sizeOf(v: AttributeValue): number | undefined {
  if ('S' in v) return Buffer.byteLength(v.S, 'utf8');
  if ('B' in v) return decodeBinary(v.B).length;
  if ('SS' in v) return v.SS.length;
  if ('NS' in v) return v.NS.length;
  if ('BS' in v) return v.BS.length;
  if ('L' in v) return v.L.length;
  if ('M' in v) return Object.keys(v.M).length;
  return undefined;
}
