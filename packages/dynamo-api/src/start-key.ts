import type { KeySchema, PrimaryKey } from '@dynaring/core';
import { validateKey } from './attribute-value.js';
import { DynamoApiError, validation } from './errors.js';

/** ExclusiveStartKey is checked like a Key, with DynamoDB's prefix on the message. */
export function validateStartKey(schema: KeySchema, raw: Record<string, unknown> | undefined): PrimaryKey | undefined {
  if (raw === undefined) return undefined;
  try {
    return validateKey(schema, raw);
  } catch (err) {
    if (err instanceof DynamoApiError && err.type === 'ValidationException') {
      throw validation('The provided starting key is invalid: ' + err.message);
    }
    throw err;
  }
}
