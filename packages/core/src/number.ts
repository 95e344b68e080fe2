import { Decimal } from 'decimal.js';

/**
 * DynamoDB numbers: decimals with up to 38 significant digits and magnitudes between
 * 1E-130 and 9.99...E+125. Never JavaScript floats. Arithmetic runs with enough precision
 * to be exact over the whole range, then the result is checked against DynamoDB's limits.
 */
const D = Decimal.clone({ precision: 400, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });

export type NumberErrorKind = 'invalid' | 'precision' | 'overflow' | 'underflow';

export class NumberError extends Error {
  constructor(readonly kind: NumberErrorKind, message: string) {
    super(message);
    this.name = 'NumberError';
  }
}

const NUMBER_SYNTAX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function check(d: Decimal): string {
  if (d.isZero()) return '0';
  const digits = d.precision(true) > 0 ? significantDigits(d) : 0;
  if (digits > 38) {
    throw new NumberError('precision', 'Attempting to store more than 38 significant digits in a Number');
  }
  const exp = d.e; // exponent of the most significant digit
  if (exp > 125) {
    throw new NumberError('overflow', 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  }
  if (exp < -130) {
    throw new NumberError('underflow', 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
  }
  return d.toFixed();
}

function significantDigits(d: Decimal): number {
  // precision(true) counts trailing zeros of integers; DynamoDB counts only significant ones.
  const s = d.abs().toFixed().replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return s.length;
}

/** Parses DynamoDB number text into canonical text, or throws NumberError. */
export function canonicalNumber(text: string): string {
  if (!NUMBER_SYNTAX.test(text.trim())) {
    throw new NumberError('invalid', 'A value provided cannot be converted into a number');
  }
  return check(new D(text.trim()));
}

export function compareNumbers(a: string, b: string): number {
  return new D(a).cmp(new D(b));
}

export function addNumbers(a: string, b: string): string {
  return check(new D(a).plus(new D(b)));
}

export function subtractNumbers(a: string, b: string): string {
  return check(new D(a).minus(new D(b)));
}
