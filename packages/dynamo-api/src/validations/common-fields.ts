import type { Fields, Shape } from './shape.js';
import { tableNameShape } from './shape.js';
import { COMPARISON_OPERATORS, type ExpectedAttributeValue } from '../legacy/index.js';

export { tableNameShape };

export const attributeMapShape: Shape = { type: 'Map', value: { type: 'AttributeValue' } };
export const requiredAttributeMapShape: Shape = { type: 'Map', notNull: true, value: { type: 'AttributeValue' } };
export const expressionNamesShape: Shape = { type: 'Map', value: { type: 'String' } };
export const returnConsumedCapacityShape: Shape = { type: 'String', enum: ['INDEXES', 'TOTAL', 'NONE'] };
export const returnItemCollectionMetricsShape: Shape = { type: 'String', enum: ['SIZE', 'NONE'] };
export const returnValuesShape: Shape = { type: 'String', enum: ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'] };
export const returnValuesOnConditionCheckFailureShape: Shape = { type: 'String', enum: ['ALL_OLD', 'NONE'] };
export const attributesToGetShape: Shape = { type: 'List', minLength: 1, maxLength: 255, member: { type: 'String' } };
const comparisonOperatorShape: Shape = { type: 'String', enum: COMPARISON_OPERATORS };
const attributeValueListShape: Shape = { type: 'List', member: { type: 'AttributeValue' } };
/** KeyConditions, QueryFilter and ScanFilter: attribute name to Condition. */
export const legacyConditionsShape: Shape = {
  type: 'Map',
  value: {
    type: 'Structure',
    fields: { AttributeValueList: attributeValueListShape, ComparisonOperator: { ...comparisonOperatorShape, notNull: true } },
  },
};
/** Expected: attribute name to ExpectedAttributeValue, whose operator is optional. */
export const expectedShape: Shape = {
  type: 'Map',
  value: {
    type: 'Structure',
    fields: {
      AttributeValueList: attributeValueListShape,
      ComparisonOperator: comparisonOperatorShape,
      Exists: { type: 'Boolean' },
      Value: { type: 'AttributeValue' },
    },
  },
};
export const attributeUpdatesShape: Shape = {
  type: 'Map',
  value: {
    type: 'Structure',
    fields: { Action: { type: 'String', enum: ['ADD', 'PUT', 'DELETE'] }, Value: { type: 'AttributeValue' } },
  },
};
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
  Expected: expectedShape,
  ConditionalOperator: conditionalOperatorShape,
};

export interface ConditionalWriteRequest {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: 'AND' | 'OR';
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
