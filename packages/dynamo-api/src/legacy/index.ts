export { COMPARISON_OPERATORS, type ComparisonOperator } from './comparison-operator.js';
export { assertConditionalOperator, assertNoDuplicateNames, assertNotMixed } from './parameter-mixing.js';
export { expectedCondition, type ExpectedAttributeValue } from './expected.js';
export { checkConditions, filterCondition, type CheckedCondition, type LegacyCondition } from './filter-conditions.js';
export { assertConditionCount, resolveKeyConditions, type LegacyKeyCondition } from './key-conditions.js';
export { checkAttributeUpdates, compileAttributeUpdates, type AttributeValueUpdate, type LegacyUpdateAction } from './attribute-updates.js';
