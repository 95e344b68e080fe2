import type { Condition } from '../expressions/ast.js';
import { canonicalValues, checkArguments, comparisonCondition, joinConditions, type ComparisonOperator } from './comparison-operator.js';

/** One entry of QueryFilter, ScanFilter or KeyConditions. */
export interface LegacyCondition {
  ComparisonOperator: ComparisonOperator;
  AttributeValueList?: unknown[];
}

/** A checked condition on one attribute: canonical arguments, ready to evaluate or to bound a key range. */
export interface CheckedCondition {
  attribute: string;
  op: ComparisonOperator;
  values: ReturnType<typeof canonicalValues>;
}

/** Checks each condition of a legacy map (argument counts and types) in request order. */
export function checkConditions(conditions: Record<string, LegacyCondition>): CheckedCondition[] {
  return Object.entries(conditions).map(([attribute, c]) => {
    const values = canonicalValues(c.AttributeValueList);
    checkArguments(c.ComparisonOperator, values);
    return { attribute, op: c.ComparisonOperator, values };
  });
}

/** QueryFilter / ScanFilter as one condition (undefined when the map is absent or empty). */
export function filterCondition(
  conditions: Record<string, LegacyCondition> | undefined,
  operator: 'AND' | 'OR' | undefined,
): Condition | undefined {
  if (conditions === undefined) return undefined;
  return joinConditions(
    checkConditions(conditions).map((c) => comparisonCondition(c.attribute, c.op, c.values)),
    operator,
  );
}
