import type { Fields, Shape } from './shape.js';
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

/** The members PutItem, DeleteItem and UpdateItem share besides the item or key. */
export const conditionalWriteFields: Fields = {
  TableName: tableNameShape,
  ConditionExpression: { type: 'String' },
  ExpressionAttributeNames: expressionNamesShape,
  ExpressionAttributeValues: attributeMapShape,
  ReturnValues: returnValuesShape,
  ReturnConsumedCapacity: returnConsumedCapacityShape,
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape,
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape,
  Expected: legacyConditionsShape,
  ConditionalOperator: conditionalOperatorShape,
};

export interface ConditionalWriteRequest {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  Expected?: Record<string, unknown>;
  ConditionalOperator?: string;
}

/** The members Query and Scan share. */
export const readFields: Fields = {
  TableName: tableNameShape,
  IndexName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
  Select: { type: 'String', enum: ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'] },
  AttributesToGet: attributesToGetShape,
  Limit: { type: 'Integer', min: 1 },
  ConsistentRead: { type: 'Boolean' },
  ConditionalOperator: conditionalOperatorShape,
  ExclusiveStartKey: attributeMapShape,
  ReturnConsumedCapacity: returnConsumedCapacityShape,
  ProjectionExpression: { type: 'String' },
  FilterExpression: { type: 'String' },
  ExpressionAttributeNames: expressionNamesShape,
  ExpressionAttributeValues: attributeMapShape,
};
