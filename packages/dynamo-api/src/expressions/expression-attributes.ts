import type { AttributeMap, AttributeValue } from '@dynaring/core';
import { validation } from '../errors.js';

/**
 * One request's ExpressionAttributeNames and ExpressionAttributeValues, shared by all the
 * expressions of that request (a Query may have a key condition, a filter and a projection).
 * Every expression bound against it marks the placeholders it uses; once all are bound,
 * `assertAllUsed()` reports the leftovers as DynamoDB does.
 */
export class ExpressionAttributes {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    readonly names: Readonly<Record<string, string>> = {},
    readonly values: Readonly<AttributeMap> = {},
  ) {}

  /** The attribute name behind `#ref`, or undefined if the request did not define it. */
  name(ref: string): string | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  /** The value behind `:ref`, or undefined if the request did not define it. */
  value(ref: string): AttributeValue | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }

  /** Throws for names first, then values, listing every unused key. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length > 0) {
      throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    }
    const unusedValues = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length > 0) {
      throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
    }
  }
}

export const undefinedName = (ref: string) =>
  `An expression attribute name used in the document path is not defined; attribute name: ${ref}`;
export const undefinedValue = (ref: string) =>
  `An expression attribute value used in expression is not defined; attribute value: ${ref}`;
