import { canonicalValue } from '../attribute-value.js';
import { validation } from '../errors.js';
import type { Condition } from '../expressions/ast.js';
import { canonicalValues, checkArguments, comparisonCondition, joinConditions, type ComparisonOperator } from './comparison-operator.js';

/** One entry of Expected: either `{Value, Exists}` or `{ComparisonOperator, AttributeValueList | Value}`. */
export interface ExpectedAttributeValue {
  Value?: unknown;
  Exists?: boolean;
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: unknown[];
}

const INVALID = 'One or more parameter values were invalid: ';

/**
 * Turns PutItem/UpdateItem/DeleteItem's Expected into one condition on the current item, or
 * undefined when there is nothing to check. The checks run in DynamoDB's order, so a request
 * with several faults gets the message DynamoDB gives.
 */
export function expectedCondition(
  expected: Record<string, ExpectedAttributeValue | undefined> | undefined,
  operator: 'AND' | 'OR' | undefined,
): Condition | undefined {
  if (expected === undefined) return undefined;
  const conditions = Object.entries(expected).map(([attribute, entry]) => entryCondition(attribute, entry));
  return joinConditions(conditions, operator);
}

function entryCondition(attribute: string, entry: ExpectedAttributeValue | undefined): Condition {
  const fail = (message: string): never => {
    throw validation(`${INVALID}${message}`);
  };
  if (entry === undefined) fail(`ExpectedAttributeValue must not be null for Attribute: ${attribute}`);
  const { Value, Exists, ComparisonOperator: op, AttributeValueList } = entry!;
  if (Exists !== undefined && op !== undefined) fail(`Exists and ComparisonOperator cannot be used together for Attribute: ${attribute}`);
  if (Value !== undefined && AttributeValueList !== undefined) {
    fail(`Value and AttributeValueList cannot be used together for Attribute: ${attribute}`);
  }
  if (op === undefined && AttributeValueList !== undefined) {
    fail(`AttributeValueList can only be used with a ComparisonOperator for Attribute: ${attribute}`);
  }
  if (Exists === false && Value !== undefined) fail(`Value cannot be used when Exists is false for Attribute: ${attribute}`);
  if (Value === undefined && AttributeValueList === undefined) {
    if (op !== undefined && op !== 'NULL' && op !== 'NOT_NULL') {
      fail(`Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${attribute}`);
    }
    if (op === undefined && Exists === undefined) fail(`Value must be provided when Exists is null for Attribute: ${attribute}`);
    if (op === undefined && Exists === true) fail(`Value must be provided when Exists is true for Attribute: ${attribute}`);
  }
  const values = Value !== undefined ? [canonicalValue(Value)] : canonicalValues(AttributeValueList);
  if (op !== undefined) {
    checkArguments(op, values);
    return comparisonCondition(attribute, op, values);
  }
  // Without an operator, Exists:false asks for absence and a Value asks for equality.
  return Exists === false ? comparisonCondition(attribute, 'NULL', []) : comparisonCondition(attribute, 'EQ', values);
}
