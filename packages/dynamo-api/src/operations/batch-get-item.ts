import type { AttributeMap, PrimaryKey, TableMeta } from '@dynaring/core';
import { validateKey } from '../attribute-value.js';
import { batchConsumedCapacity, readUnits, type CapacityMode } from '../capacity.js';
import { validation, resourceNotFound } from '../errors.js';
import { itemSizeBytes } from '../item-size.js';
import type { Operation } from '../operation.js';
import { assertNotMixed } from '../legacy/index.js';
import { RequestExpressions } from '../request-expressions.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';

const MAX_KEYS = 100;
/** A BatchGetItem response carries at most 16 MB; the rest is returned as UnprocessedKeys. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

const fields: Fields = {
  RequestItems: {
    type: 'Map',
    notNull: true,
    minLength: 1,
    keys: { minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
    value: {
      type: 'Structure',
      fields: {
        Keys: { type: 'List', notNull: true, minLength: 1, maxLength: MAX_KEYS, member: { type: 'Map', value: { type: 'AttributeValue' } } },
        AttributesToGet: f.attributesToGetShape,
        ConsistentRead: { type: 'Boolean' },
        ProjectionExpression: { type: 'String' },
        ExpressionAttributeNames: f.expressionNamesShape,
      },
    },
  },
  ReturnConsumedCapacity: f.returnConsumedCapacityShape,
};

interface TableRequest {
  Keys: Record<string, unknown>[];
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

interface Planned {
  name: string;
  meta: TableMeta;
  request: TableRequest;
  keys: PrimaryKey[];
  project?: (item: AttributeMap) => AttributeMap;
}

export const batchGetItem: Operation = async (body, ctx) => {
  const req = checkRequest<{ RequestItems: Record<string, TableRequest>; ReturnConsumedCapacity?: CapacityMode }>(body, fields);
  let total = 0;
  for (const name in req.RequestItems) total += req.RequestItems[name]!.Keys.length;
  if (total > MAX_KEYS) throw validation('Too many items requested for the BatchGetItem call');
  const plans: Planned[] = [];
  // DynamoDB applies the mixing rule across tables: AttributesToGet for one table and a
  // ProjectionExpression for another is refused too (each side names the last one seen).
  let attributesToGet: string[] | undefined;
  let projectionExpression: string | undefined;
  for (const [name, request] of Object.entries(req.RequestItems)) {
    attributesToGet = request.AttributesToGet ?? attributesToGet;
    projectionExpression = request.ProjectionExpression ?? projectionExpression;
    assertNotMixed({ AttributesToGet: attributesToGet, ProjectionExpression: projectionExpression });
    const expressions = new RequestExpressions(request.ExpressionAttributeNames, undefined);
    const projection = expressions.projection(request.ProjectionExpression, request.AttributesToGet);
    expressions.finish();
    const meta = ctx.catalog.get(name);
    if (!meta) throw resourceNotFound('Requested resource not found');
    const keys = request.Keys.map((k) => validateKey(meta.keySchema, k));
    const seen = new Set(keys.map((k) => JSON.stringify(k)));
    if (seen.size !== keys.length) throw validation('Provided list of item keys contains duplicates');
    plans.push({ name, meta, request, keys, project: projection ? (item) => projection.apply(item) : undefined });
  }
  const responses: Record<string, AttributeMap[]> = {};
  const unprocessed: Record<string, TableRequest> = {};
  let responseBytes = 0;
  const unitsByTable = new Map<string, number>();
  for (const plan of plans) {
    responses[plan.name] = [];
    const cl = plan.request.ConsistentRead ? 'LOCAL_QUORUM' : 'LOCAL_ONE';
    const items = await Promise.all(plan.keys.map((key) => ctx.coordinator.read(plan.meta, key, cl).catch(() => undefined)));
    const consistent = plan.request.ConsistentRead === true;
    items.forEach((item, i) => {
      if (item === undefined || responseBytes > MAX_RESPONSE_BYTES) {
        // Failed reads and what does not fit are handed back for the client to retry.
        (unprocessed[plan.name] ??= { ...plan.request, Keys: [] }).Keys.push(plan.request.Keys[i]!);
        return;
      }
      // Each key is charged on its own, rounded up to a read unit; a missing item costs one.
      const sizeBytes = item === null ? 0 : itemSizeBytes(item);
      unitsByTable.set(plan.name, (unitsByTable.get(plan.name) ?? 0) + readUnits(sizeBytes, consistent));
      if (item === null) return;
      responseBytes += sizeBytes;
      responses[plan.name]!.push(plan.project ? plan.project(item) : item);
    });
  }
  return { Responses: responses, UnprocessedKeys: unprocessed, ...batchConsumedCapacity(req.ReturnConsumedCapacity, unitsByTable) };
};
