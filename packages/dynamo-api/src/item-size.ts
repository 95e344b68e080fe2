import type { AttributeMap, AttributeValue } from '@dynaring/core';
import { validation } from './errors.js';

/**
 * An item's size as DynamoDB counts it against the 400 KB limit (and capacity units):
 * attribute names and strings by UTF-8 bytes, binaries by raw bytes, numbers by their
 * base-100 digits, BOOL and NULL 1 byte, lists and maps 3 bytes plus 1 per element.
 */

export const MAX_ITEM_SIZE_BYTES = 400 * 1024;
/** PutItem, BatchWriteItem, TransactWriteItems Put. */
export const ITEM_TOO_LARGE = 'Item size has exceeded the maximum allowed size';
/** UpdateItem (and a transaction's Update), measured on the item after the update. */
export const UPDATED_ITEM_TOO_LARGE = 'Item size to update has exceeded the maximum allowed size';

export function itemSizeBytes(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += Buffer.byteLength(name, 'utf8') + valueSizeBytes(item[name]!);
  return size;
}

/** Throws ValidationException(message) if the item is over MAX_ITEM_SIZE_BYTES. */
export function checkItemSize(item: AttributeMap, message: string = ITEM_TOO_LARGE): void {
  if (itemSizeBytes(item) > MAX_ITEM_SIZE_BYTES) throw validation(message);
}

export function valueSizeBytes(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('N' in value) return numberSizeBytes(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return sum(value.SS, (s) => Buffer.byteLength(s, 'utf8'));
  if ('NS' in value) return sum(value.NS, numberSizeBytes);
  if ('BS' in value) return sum(value.BS, (b) => Buffer.from(b, 'base64').length);
  if ('L' in value) return 3 + sum(value.L, (v) => 1 + valueSizeBytes(v));
  return 3 + Object.keys(value.M).length + itemSizeBytes(value.M);
}

/**
 * DynamoDB stores numbers as base-100 digits aligned on the decimal point, plus an exponent
 * byte and, for negatives, a terminator byte; zero is a single byte. "1 byte per two
 * significant digits plus 1" (the developer guide) is this formula when the digits are
 * aligned. `canonical` must be canonical text (no exponent, no needless zeros).
 */
export function numberSizeBytes(canonical: string): number {
  const negative = canonical.startsWith('-');
  const abs = negative ? canonical.slice(1) : canonical;
  if (abs === '0') return 1;
  const [intPart = '', fracPart = ''] = abs.split('.');
  const all = intPart + fracPart;
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(leadingZeros).replace(/0+$/, '');
  const magnitude = intPart.length - 1 - leadingZeros; // exponent of the most significant digit
  const leastSignificant = magnitude - digits.length + 1;
  const base100Digits = Math.floor(magnitude / 2) - Math.floor(leastSignificant / 2) + 1;
  return 1 + base100Digits + (negative ? 1 : 0);
}

function sum<T>(xs: T[], size: (x: T) => number): number {
  let total = 0;
  for (const x of xs) total += size(x);
  return total;
}
