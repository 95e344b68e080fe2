import type { AttributeMap } from '@dynaring/core';
import { conditionalCheckFailed, validation } from './errors.js';
import type { CompiledCondition } from './request-expressions.js';

/** Fails the write as DynamoDB does when its condition does not hold on the current item. */
export function assertCondition(
  condition: CompiledCondition | undefined,
  current: AttributeMap | null,
  returnOnFailure: 'ALL_OLD' | 'NONE' | undefined,
): void {
  if (condition && !condition.evaluate(current)) {
    throw conditionalCheckFailed(returnOnFailure === 'ALL_OLD' && current ? current : undefined);
  }
}

/** PutItem and DeleteItem can only return the old item. */
export function assertOldOrNone(returnValues: string | undefined): void {
  if (returnValues && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
    throw validation('ReturnValues can only be ALL_OLD or NONE');
  }
}
