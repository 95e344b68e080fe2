import { validation } from '../errors.js';

/**
 * DynamoDB refuses a request that mixes the legacy parameters with the expression ones. The
 * message names every parameter present on each side, always in this order, whatever the
 * operation.
 */
const NON_EXPRESSION = ['AttributeUpdates', 'AttributesToGet', 'Expected', 'QueryFilter', 'ScanFilter', 'ConditionalOperator'] as const;
const EXPRESSION = ['UpdateExpression', 'ProjectionExpression', 'ConditionExpression', 'FilterExpression', 'KeyConditionExpression'] as const;

type Parameters = Partial<Record<(typeof NON_EXPRESSION)[number] | (typeof EXPRESSION)[number] | 'KeyConditions', unknown>>;

export function assertNotMixed(req: Parameters): void {
  const legacy: string[] = NON_EXPRESSION.filter((name) => req[name] !== undefined);
  const expressions: string[] = EXPRESSION.filter((name) => req[name] !== undefined);
  // KeyConditions only clashes with KeyConditionExpression: it may come with a FilterExpression.
  if (req.KeyConditionExpression !== undefined && req.KeyConditions !== undefined) legacy.push('KeyConditions');
  if (legacy.length > 0 && expressions.length > 0) {
    throw validation(
      'Can not use both expression and non-expression parameters in the same request: ' +
        `Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expressions.join(', ')}}`,
    );
  }
}

/** ConditionalOperator only means something between two or more legacy conditions. */
export function assertConditionalOperator(operator: string | undefined, conditions: object | undefined): void {
  if (operator === undefined) return;
  const count = conditions === undefined ? 0 : Object.keys(conditions).length;
  if (count === 0) throw validation('ConditionalOperator cannot be used without Filter or Expected');
  if (count === 1) throw validation('ConditionalOperator can only be used when Filter or Expected has two or more elements');
}

/** AttributesToGet naming one attribute twice is refused (ProjectionExpression allows it). */
export function assertNoDuplicateNames(attributesToGet: readonly string[] | undefined): void {
  if (attributesToGet === undefined) return;
  const seen = new Set<string>();
  for (const name of attributesToGet) {
    if (seen.has(name)) throw validation(`One or more parameter values were invalid: Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
}
