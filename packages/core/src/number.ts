import { Decimal } from 'decimal.js';

/**
 * DynamoDB numbers: decimals with up to 38 significant digits and magnitudes between
 * 1E-130 and 9.99...E+125. Never JavaScript floats.
 *
 * Canonical text is what DynamoDB returns: plain notation (never an exponent), no sign on
 * zero, no '+', no leading zeros, no trailing fractional zeros ("1E+3" -> "1000",
 * "1.50" -> "1.5", "-0" -> "0", ".5" -> "0.5", "1e-3" -> "0.001").
 */

/** Exact over the whole range: 9.99E+125 + 1E-130 needs 256 digits. */
const D = Decimal.clone({ precision: 400, toExpNeg: -9e15, toExpPos: 9e15, minE: -9e15, maxE: 9e15 });

export type NumberErrorKind = 'invalid' | 'precision' | 'overflow' | 'underflow';

/** A number DynamoDB refuses; `message` is DynamoDB's exact ValidationException text. */
export class NumberError extends Error {
  constructor(readonly kind: NumberErrorKind, message: string) {
    super(message);
    this.name = 'NumberError';
  }
}

const MAX_SIGNIFICANT_DIGITS = 38;
const MAX_EXPONENT = 125;
const MIN_EXPONENT = -130;
/** Java's BigDecimal (which DynamoDB parses with) refuses exponents beyond an int. */
const MAX_EXPONENT_LITERAL = 2147483647;

const UNPARSABLE = 'The parameter cannot be converted to a numeric value';
const PRECISION = 'Attempting to store more than 38 significant digits in a Number';
const OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';

/** BigDecimal's grammar: sign, digits with at most one '.', at least one digit, optional exponent. */
const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** value = (negative ? -1 : 1) * digits * 10^scale, digits without leading or trailing zeros ('' for zero). */
interface Parts {
  negative: boolean;
  digits: string;
  scale: number;
}

function parse(text: string): Parts {
  const m = NUMBER_SYNTAX.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || intPart.length + fracPart.length === 0) {
    throw new NumberError('invalid', text === '' ? UNPARSABLE : `${UNPARSABLE}: ${text}`);
  }
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT_LITERAL) {
    throw new NumberError('invalid', `${UNPARSABLE}: ${text}`);
  }
  const all = (intPart + fracPart).replace(/^0+/, '');
  const digits = all.replace(/0+$/, '');
  return { negative: m[1] === '-', digits, scale: exponent - fracPart.length + (all.length - digits.length) };
}

/** Checks DynamoDB's limits (in DynamoDB's order: overflow, underflow, precision) and formats. */
function format(parts: Parts, precisionMessage = PRECISION): string {
  const { negative, digits, scale } = parts;
  if (digits === '') return '0';
  const magnitude = scale + digits.length - 1; // exponent of the most significant digit
  if (magnitude > MAX_EXPONENT) throw new NumberError('overflow', OVERFLOW);
  if (magnitude < MIN_EXPONENT) throw new NumberError('underflow', UNDERFLOW);
  if (digits.length > MAX_SIGNIFICANT_DIGITS) throw new NumberError('precision', precisionMessage);
  let plain: string;
  if (scale >= 0) plain = digits + '0'.repeat(scale);
  else if (-scale < digits.length) plain = `${digits.slice(0, scale)}.${digits.slice(scale)}`;
  else plain = `0.${'0'.repeat(-scale - digits.length)}${digits}`;
  return negative ? `-${plain}` : plain;
}

/** Parses DynamoDB number text into canonical text, or throws NumberError. */
export function canonicalNumber(text: string): string {
  return format(parse(text));
}

/** Compares two valid numbers by value: -1, 0 or 1. */
export function compareNumbers(a: string, b: string): number {
  return new D(a).cmp(new D(b));
}

/** Exact a + b as canonical text, or NumberError if the result leaves DynamoDB's range. */
export function addNumbers(a: string, b: string): string {
  return arithmeticResult(new D(a).plus(new D(b)));
}

/** Exact a - b as canonical text, or NumberError if the result leaves DynamoDB's range. */
export function subtractNumbers(a: string, b: string): string {
  return arithmeticResult(new D(a).minus(new D(b)));
}

/**
 * DynamoDB reports an arithmetic result needing more than 38 digits (1E50 + 1) as an
 * overflow, not with the precision message it uses for literals.
 */
function arithmeticResult(d: Decimal): string {
  return format(parse(d.toFixed()), OVERFLOW);
}
