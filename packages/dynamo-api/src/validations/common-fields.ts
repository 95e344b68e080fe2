import type { Shape } from './shape.js';
import { tableNameShape } from './shape.js';

export { tableNameShape };

export const attributeMapShape: Shape = { type: 'Map', value: { type: 'AttributeValue' } };
export const requiredAttributeMapShape: Shape = { type: 'Map', notNull: true, value: { type: 'AttributeValue' } };
export const expressionNamesShape: Shape = { type: 'Map', value: { type: 'String' } };
export const returnConsumedCapacityShape: Shape = { type: 'String', enum: ['INDEXES', 'TOTAL', 'NONE'] };
export const returnItemCollectionMetricsShape: Shape = { type: 'String', enum: ['SIZE', 'NONE'] };
export const returnValuesShape: Shape = { type: 'String', enum: ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'] };
export const returnValuesOnConditionCheckFailureShape: Shape = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
export const attributesToGetShape: Shape = { type: 'List', minLength: 1, maxLength: 255, member: { type: 'String' } };
export const legacyConditionsShape: Shape = { type: 'Map', value: { type: 'AttributeValue' } };
export const conditionalOperatorShape: Shape = { type: 'String', enum: ['OR', 'AND'] };
