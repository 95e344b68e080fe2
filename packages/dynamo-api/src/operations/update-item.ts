import type { AttributeMap } from '@dynaring/core';
import { validateKey } from '../attribute-value.js';
import { assertIndexKeysValid } from '../index-key-check.js';
import { itemCollectionMetrics } from '../item-collection-metrics.js';
import { needsPriorItem, readPriorItem, writeConsumed } from '../index-capacity.js';
import { consumedCapacity, replaceWriteUnits } from '../capacity.js';
import { assertCondition } from '../conditional-write.js';
import { validation } from '../errors.js';
import { itemSizeBytes, MAX_ITEM_SIZE_BYTES, UPDATED_ITEM_TOO_LARGE } from '../item-size.js';
import type { Operation } from '../operation.js';
import {
  assertConditionalOperator,
  assertNotMixed,
  checkAttributeUpdates,
  compileAttributeUpdates,
  expectedCondition,
  type AttributeValueUpdate,
} from '../legacy/index.js';
import { compiledCondition, RequestExpressions } from '../request-expressions.js';
import { requireTable } from '../table-lookup.js';
import { checkRequest, type Fields } from '../validations/shape.js';
import * as f from '../validations/common-fields.js';
import { executeWrite } from '../write-isolation.js';

const fields: Fields = {
  ...f.conditionalWriteFields,
  Key: f.requiredAttributeMapShape,
  UpdateExpression: { type: 'String' },
  AttributeUpdates: f.attributeUpdatesShape,
};

interface Request extends f.ConditionalWriteRequest {
  Key: Record<string, unknown>;
  UpdateExpression?: string;
  ReturnValues?: 'ALL_NEW' | 'UPDATED_OLD' | 'ALL_OLD' | 'NONE' | 'UPDATED_NEW';
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
}

interface Outcome {
  old: AttributeMap | null;
  next: AttributeMap;
  /** Whether the item exists after the write: a removes-only update leaves a missing item missing. */
  existsAfter: boolean;
  updatedOld: AttributeMap;
  updatedNew: AttributeMap;
  /** The cells written: what an update that did not read the item changes of it. */
  set: AttributeMap;
  remove: string[];
}

/**
 * The item after the update. When the update ran on the stored item, that is its result;
 * when it ran without it (a blind update), its cells applied to the item read apart.
 */
function itemAfter(outcome: Outcome, prior: AttributeMap | null): AttributeMap | null {
  if (outcome.old !== null || prior === null) return outcome.existsAfter ? outcome.next : null;
  const after: AttributeMap = { ...prior, ...outcome.set };
  for (const name of outcome.remove) delete after[name];
  return after;
}

const nonEmpty = (item: AttributeMap) => (Object.keys(item).length > 0 ? item : undefined);

export const updateItem: Operation = async (body, ctx) => {
  const req = checkRequest<Request>(body, fields);
  assertNotMixed(req);
  assertConditionalOperator(req.ConditionalOperator, req.Expected);
  const legacyUpdates = req.AttributeUpdates === undefined ? undefined : checkAttributeUpdates(req.AttributeUpdates);
  const legacyCondition = compiledCondition(expectedCondition(req.Expected, req.ConditionalOperator));
  const table = requireTable(ctx, req.TableName);
  const keyNames = [table.keySchema.hash.name, ...(table.keySchema.range ? [table.keySchema.range.name] : [])];
  const expressions = new RequestExpressions(req.ExpressionAttributeNames, req.ExpressionAttributeValues);
  const update =
    expressions.update(req.UpdateExpression, keyNames) ??
    (legacyUpdates === undefined ? undefined : compileAttributeUpdates(legacyUpdates, keyNames));
  const condition = expressions.condition(req.ConditionExpression, 'ConditionExpression') ?? legacyCondition;
  expressions.finish();
  const key = validateKey(table.keySchema, req.Key);
  const keyAttributes: AttributeMap = { [table.keySchema.hash.name]: key.hash };
  if (table.keySchema.range && key.range) keyAttributes[table.keySchema.range.name] = key.range;
  const returnValues = req.ReturnValues ?? 'NONE';
  const needsRead = condition !== undefined || returnValues !== 'NONE' || (update?.readsItem ?? false);
  // Index capacity depends on the item before and after, which an update that does not read it
  // cannot know: read it apart (for accounting only).
  const prior = !needsRead && needsPriorItem(req.ReturnConsumedCapacity, table) ? await readPriorItem(ctx, table, key) : null;

  const outcome = await executeWrite<Outcome>(ctx, table, key, needsRead, (current) => {
    assertCondition(condition, current, req.ReturnValuesOnConditionCheckFailure);
    const base: AttributeMap = { ...(current ?? {}), ...keyAttributes };
    const applied = update ? update.apply(base, current !== null) : { item: base, touched: new Set<string>(), updatedOld: {}, updatedNew: {} };
    if (itemSizeBytes(applied.item) > MAX_ITEM_SIZE_BYTES) throw validation(UPDATED_ITEM_TOO_LARGE);
    assertIndexKeysValid(table, applied.item);
    const set: AttributeMap = {};
    const remove: string[] = [];
    for (const name of applied.touched) {
      if (name in applied.item) set[name] = applied.item[name]!;
      else remove.push(name);
    }
    // An update that only removes attributes (REMOVE, DELETE, AttributeUpdates DELETE) does
    // not create a missing item, while any other update, even an empty one, does. Leaving the
    // key cells out keeps a missing item missing and an existing one keeps its own.
    const removesOnly = remove.length > 0 && Object.keys(set).length === 0;
    if (!removesOnly) Object.assign(set, keyAttributes);
    return {
      write: { kind: 'update', set, remove },
      result: { old: current, next: applied.item, existsAfter: current !== null || !removesOnly, updatedOld: applied.updatedOld, updatedNew: applied.updatedNew, set, remove },
    };
  });

  const result: Record<string, unknown> = {};
  let attributes: AttributeMap | null | undefined;
  switch (returnValues) {
    case 'ALL_OLD':
      attributes = outcome.old;
      break;
    case 'ALL_NEW':
      attributes = outcome.existsAfter ? outcome.next : undefined;
      break;
    case 'UPDATED_OLD':
      attributes = outcome.old ? nonEmpty(outcome.updatedOld) : undefined;
      break;
    case 'UPDATED_NEW':
      attributes = nonEmpty(outcome.updatedNew);
      break;
    default:
  }
  if (attributes) result.Attributes = attributes;
  return Object.assign(
    result,
    consumedCapacity(
      req.ReturnConsumedCapacity,
      table.name,
      writeConsumed(table, replaceWriteUnits(outcome.old, itemSizeBytes(outcome.next)), outcome.old ?? prior, itemAfter(outcome, prior)),
    ),
    itemCollectionMetrics(req.ReturnItemCollectionMetrics, table, key),
  );
};
