import { compareScalars, typeOf, type AttributeType, type AttributeValue, type ScalarKeyValue } from '@dynaring/core';
import { canonicalValue } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { Condition, Operand } from '../expressions/ast.js';

/**
 * The ComparisonOperator of the legacy condition maps (Expected, KeyConditions, QueryFilter,
 * ScanFilter): its argument rules, checked before any item is read, and its meaning as a
 * node of the expression language, so that legacy conditions are evaluated by the same
 * evaluator as ConditionExpression and FilterExpression.
 */

export const COMPARISON_OPERATORS = [
  'IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS',
] as const;

export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

const INVALID = 'One or more parameter values were invalid: ';
const ANY: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'BOOL', 'NULL', 'L', 'M']);
const SORTABLE: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B']);
const SCALAR: ReadonlySet<AttributeType> = new Set(['S', 'N', 'B', 'BOOL', 'NULL']);
const PREFIXABLE: ReadonlySet<AttributeType> = new Set(['S', 'B']);

interface OperatorRule {
  /** Whether `count` arguments are right for the operator. */
  arity(count: number): boolean;
  types: ReadonlySet<AttributeType>;
}

const one = (n: number) => n === 1;
const none = (n: number) => n === 0;

// Types as DynamoDB checks them: its rules, not what would be meaningful (EQ takes anything).
const RULES: Record<ComparisonOperator, OperatorRule> = {
  EQ: { arity: one, types: ANY },
  NE: { arity: one, types: ANY },
  LE: { arity: one, types: SORTABLE },
  LT: { arity: one, types: SORTABLE },
  GE: { arity: one, types: SORTABLE },
  GT: { arity: one, types: SORTABLE },
  IN: { arity: (n) => n >= 1, types: SORTABLE },
  BETWEEN: { arity: (n) => n === 2, types: SORTABLE },
  NULL: { arity: none, types: ANY },
  NOT_NULL: { arity: none, types: ANY },
  CONTAINS: { arity: one, types: SCALAR },
  NOT_CONTAINS: { arity: one, types: SCALAR },
  BEGINS_WITH: { arity: one, types: PREFIXABLE },
};

/** Canonical values of an AttributeValueList (numbers normalised, bad values refused). */
export function canonicalValues(raw: readonly unknown[] | undefined): AttributeValue[] {
  return (raw ?? []).map((v) => canonicalValue(v));
}

/** Refuses arguments that do not fit the operator, with DynamoDB's messages and in its order. */
export function checkArguments(op: ComparisonOperator, values: readonly AttributeValue[]): void {
  const rule = RULES[op];
  if (!rule.arity(values.length)) throw validation(`${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`);
  const first = values.length > 0 ? typeOf(values[0]!) : undefined;
  for (const value of values) {
    const type = typeOf(value);
    if (!rule.types.has(type)) throw validation(`${INVALID}ComparisonOperator ${op} is not valid for ${type} AttributeValue type`);
    if (type !== first) throw validation(`${INVALID}AttributeValues inside AttributeValueList must be of same type`);
  }
  if (op === 'BETWEEN' && compareScalars(values[0] as ScalarKeyValue, values[1] as ScalarKeyValue) > 0) {
    throw validation('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
  }
}

/** The condition `attribute <op> values` as an expression tree (arguments already checked). */
export function comparisonCondition(attribute: string, op: ComparisonOperator, values: readonly AttributeValue[]): Condition {
  const subject: Operand = { kind: 'path', path: [attribute] };
  const arg = (i: number): Operand => ({ kind: 'value', value: values[i]! });
  const compare = (symbol: '=' | '<>' | '<' | '<=' | '>' | '>='): Condition => ({ kind: 'compare', op: symbol, left: subject, right: arg(0) });
  switch (op) {
    case 'EQ':
      return compare('=');
    case 'NE':
      return compare('<>');
    case 'LT':
      return compare('<');
    case 'LE':
      return compare('<=');
    case 'GT':
      return compare('>');
    case 'GE':
      return compare('>=');
    case 'BETWEEN':
      return { kind: 'between', subject, low: arg(0), high: arg(1) };
    case 'IN':
      return { kind: 'in', subject, list: values.map((_, i) => arg(i)) };
    case 'NULL':
      return { kind: 'attribute_not_exists', path: [attribute] };
    case 'NOT_NULL':
      return { kind: 'attribute_exists', path: [attribute] };
    case 'BEGINS_WITH':
      return { kind: 'begins_with', subject, operand: arg(0) };
    case 'CONTAINS':
      return { kind: 'contains', subject, operand: arg(0) };
    case 'NOT_CONTAINS':
      // A missing attribute satisfies neither CONTAINS nor NOT_CONTAINS in DynamoDB.
      return {
        kind: 'and',
        left: { kind: 'attribute_exists', path: [attribute] },
        right: { kind: 'not', operand: { kind: 'contains', subject, operand: arg(0) } },
      };
  }
}

/** Joins conditions with the request's ConditionalOperator (AND when absent). */
export function joinConditions(conditions: readonly Condition[], operator: 'AND' | 'OR' | undefined): Condition | undefined {
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce<Condition | undefined>((acc, c) => (acc ? { kind, left: acc, right: c } : c), undefined);
}
