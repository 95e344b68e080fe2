import { validation } from '../errors.js';
import type { Shape } from './shape.js';

export const provisionedThroughputShape: Shape = {
  type: 'Structure',
  fields: {
    WriteCapacityUnits: { type: 'Long', notNull: true, min: 1 },
    ReadCapacityUnits: { type: 'Long', notNull: true, min: 1 },
  },
};

const MAX_CAPACITY_UNITS = 1_000_000_000_000;

export function checkCapacityBounds(pt: { ReadCapacityUnits: number; WriteCapacityUnits: number }): void {
  if (pt.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
    throw validation(`Given value ${pt.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`);
  }
  if (pt.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
    throw validation(`Given value ${pt.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`);
  }
}

/**
 * The table-level operations check TableName's presence and length before anything else,
 * with messages of their own.
 */
export function checkTableName(body: unknown, required: boolean): void {
  const name = typeof body === 'object' && body !== null ? (body as { TableName?: unknown }).TableName : undefined;
  if (name === undefined || name === null) {
    if (required) throw validation("The parameter 'TableName' is required but was not present in the request");
    return;
  }
  if (typeof name === 'string' && (name.length < 3 || name.length > 255)) {
    throw validation('TableName must be at least 3 characters long and at most 255 characters long');
  }
}
