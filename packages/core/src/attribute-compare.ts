import type { AttributeValue, AttributeMap } from './attribute-value.js';
import type { ScalarKeyValue } from './key.js';
import { canonicalNumber, compareNumbers } from './number.js';

/**
 * DynamoDB's orderings and equality. Strings order by their UTF-8 bytes and binaries by
 * their unsigned bytes, which is not JavaScript's UTF-16 order: U+FF61 < U+1F600 in UTF-8
 * but the surrogate pair of U+1F600 (0xD83D...) sorts before 0xFF61 in UTF-16.
 */

/** Compares two strings by their UTF-8 encodings: -1, 0 or 1. */
export function utf8Compare(a: string, b: string): number {
  // UTF-8 preserves code point order, so comparing code points avoids encoding either string.
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/** Compares two base64 binaries by their unsigned bytes: -1, 0 or 1. */
export function compareBinaries(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64')));
}

/**
 * Orders two scalars of the same type as DynamoDB sorts range keys and evaluates <, <=,
 * BETWEEN: numbers by value, strings by UTF-8 bytes, binaries by unsigned bytes.
 * Throws if the types differ (callers decide what a type mismatch means).
 */
export function compareScalars(a: ScalarKeyValue, b: ScalarKeyValue): number {
  if ('S' in a && 'S' in b) return utf8Compare(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinaries(a.B, b.B);
  throw new Error(`cannot compare ${Object.keys(a)[0]} with ${Object.keys(b)[0]}`);
}

/**
 * Deep equality as DynamoDB's `=` sees it: same type, numbers by value, binaries by bytes,
 * sets regardless of order, lists in order, maps by their entries.
 */
export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && compareNumbers(a.N, b.N) === 0;
  if ('B' in a) return 'B' in b && compareBinaries(a.B, b.B) === 0;
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL;
  if ('NULL' in a) return 'NULL' in b;
  if ('SS' in a) return 'SS' in b && sameSet(a.SS, b.SS, (x) => x);
  if ('NS' in a) return 'NS' in b && sameSet(a.NS, b.NS, canonicalNumber);
  if ('BS' in a) return 'BS' in b && sameSet(a.BS, b.BS, (x) => Buffer.from(x, 'base64').toString('base64'));
  if ('L' in a) {
    return 'L' in b && a.L.length === b.L.length && a.L.every((v, i) => attributeValuesEqual(v, b.L[i]!));
  }
  return 'M' in b && attributeMapsEqual(a.M, b.M);
}

/** Two maps (or items) with the same names bound to equal values. */
export function attributeMapsEqual(a: AttributeMap, b: AttributeMap): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((n) => Object.hasOwn(b, n) && attributeValuesEqual(a[n]!, b[n]!));
}

/**
 * Sets hold no duplicates, so equal sizes plus inclusion one way is equality. Members are
 * compared through a canonical form so that large sets stay linear.
 */
function sameSet(a: string[], b: string[], canonical: (member: string) => string): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(b.map(canonical));
  return a.every((x) => members.has(canonical(x)));
}
