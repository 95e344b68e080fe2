import { expect } from 'vitest';
import type { AttributeMap } from '@dynaring/core';
import { DynamoApiError } from '../../src/errors.js';
import { ExpressionAttributes } from '../../src/expressions/index.js';

/** Runs f and asserts it throws a ValidationException with exactly this message. */
export function expectValidation(f: () => unknown, message: string | RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(DynamoApiError);
  const err = thrown as DynamoApiError;
  expect(err.type).toBe('ValidationException');
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
}

export const attrs = (values: AttributeMap = {}, names: Record<string, string> = {}) =>
  new ExpressionAttributes(names, values);
