import { NumberError } from './number.js';

/**
 * Order-preserving bytes for DynamoDB numbers (up to 38 significant digits, exponent of the
 * most significant digit in -130..+125), so that a LevelDB scan over range keys visits
 * numbers by value.
 *
 *   zero      0x02
 *   positive  0x03 | e+130 | digit pairs
 *   negative  0x01 | 125-e | inverted digit pairs | 0xff
 *
 * `e + 130` spans 0..255, exactly one byte. Digits are the significant digits with trailing
 * zeros stripped, two per byte as `1 + 10*d1 + d2` (1..100, never 0 or 0xff); an odd count
 * is padded with a 0 digit, which is unambiguous because real digit strings never end in 0.
 * For positives a shorter digit string that is a prefix of a longer one is the smaller number,
 * which plain byte order already gives. For negatives every byte is inverted (255 - b), which
 * reverses that rule, so a 0xff terminator (above every inverted digit byte) makes the shorter
 * one sort after the longer one, as it must (-1.2 > -1.23).
 */

const SIGN_NEGATIVE = 0x01;
const SIGN_ZERO = 0x02;
const SIGN_POSITIVE = 0x03;
const NEGATIVE_TERMINATOR = 0xff;
const EXPONENT_MIN = -130;
const EXPONENT_MAX = 125;
const MAX_DIGITS = 38;

// The last parse, shared between encodedNumberLength and writeNumber: keys are encoded on
// every write, and this avoids allocating a result object per number. Single-threaded JS
// makes the hand-off safe as long as the two calls are adjacent (they are, in key-codec).
let parsedText: string | undefined;
let parsedNegative = false;
let parsedExponent = 0;
let parsedDigits = '';

/** Parses DynamoDB number text (canonical or not) into sign, exponent and digits. */
function parse(text: string): void {
  if (text === parsedText) return;
  let i = 0;
  let negative = false;
  const c0 = text.charCodeAt(0);
  if (c0 === 45 /* - */) {
    negative = true;
    i = 1;
  } else if (c0 === 43 /* + */) {
    i = 1;
  }
  let mantissa = '';
  let pointPos = -1;
  let exp10 = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa += text[i];
    } else if (c === 46 /* . */ && pointPos < 0) {
      pointPos = mantissa.length;
    } else if ((c === 101 || c === 69) /* e E */ && mantissa.length > 0) {
      const expText = text.slice(i + 1);
      if (!/^[+-]?\d+$/.test(expText)) throw invalid(text);
      exp10 = Number(expText);
      break;
    } else {
      throw invalid(text);
    }
  }
  if (mantissa.length === 0) throw invalid(text);
  if (pointPos < 0) pointPos = mantissa.length;
  let start = 0;
  while (start < mantissa.length && mantissa.charCodeAt(start) === 48) start++;
  let end = mantissa.length;
  while (end > start && mantissa.charCodeAt(end - 1) === 48) end--;
  parsedText = text;
  if (start === end) {
    parsedNegative = false;
    parsedExponent = 0;
    parsedDigits = '';
    return;
  }
  const digits = mantissa.slice(start, end);
  const exponent = pointPos + exp10 - start - 1;
  if (digits.length > MAX_DIGITS) {
    parsedText = undefined;
    throw new NumberError('precision', 'Attempting to store more than 38 significant digits in a Number');
  }
  if (exponent > EXPONENT_MAX || exponent < EXPONENT_MIN) {
    parsedText = undefined;
    throw exponent > 0
      ? new NumberError('overflow', 'Number overflow. Attempting to store a number with magnitude larger than supported range')
      : new NumberError('underflow', 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
  }
  parsedNegative = negative;
  parsedExponent = exponent;
  parsedDigits = digits;
}

function invalid(text: string): NumberError {
  parsedText = undefined;
  return new NumberError('invalid', `The parameter cannot be converted to a numeric value: ${text}`);
}

/** Bytes that writeNumber will write for `text`. */
export function encodedNumberLength(text: string): number {
  parse(text);
  if (parsedDigits.length === 0) return 1;
  return 2 + ((parsedDigits.length + 1) >> 1) + (parsedNegative ? 1 : 0);
}

/** Writes the order-preserving encoding of `text` at `offset`; returns the end offset. */
export function writeNumber(text: string, target: Uint8Array, offset: number): number {
  parse(text);
  const digits = parsedDigits;
  if (digits.length === 0) {
    target[offset] = SIGN_ZERO;
    return offset + 1;
  }
  const negative = parsedNegative;
  const flip = negative ? 0xff : 0;
  target[offset++] = negative ? SIGN_NEGATIVE : SIGN_POSITIVE;
  target[offset++] = (parsedExponent - EXPONENT_MIN) ^ flip;
  for (let i = 0; i < digits.length; i += 2) {
    const hi = digits.charCodeAt(i) - 48;
    const lo = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0;
    target[offset++] = (1 + hi * 10 + lo) ^ flip;
  }
  if (negative) target[offset++] = NEGATIVE_TERMINATOR;
  return offset;
}

/** The encoding of `text` as a fresh buffer. */
export function encodeNumber(text: string): Uint8Array {
  const out = new Uint8Array(encodedNumberLength(text));
  writeNumber(text, out, 0);
  return out;
}

/** Decodes bytes [start, end) back into DynamoDB's canonical number text. */
export function decodeNumber(bytes: Uint8Array, start: number, end: number): string {
  const sign = bytes[start];
  if (sign === SIGN_ZERO) return '0';
  if (sign !== SIGN_NEGATIVE && sign !== SIGN_POSITIVE) throw new Error(`corrupt number encoding: sign byte ${sign}`);
  const negative = sign === SIGN_NEGATIVE;
  const flip = negative ? 0xff : 0;
  const exponent = (bytes[start + 1]! ^ flip) + EXPONENT_MIN;
  let digits = '';
  for (let i = start + 2; i < end; i++) {
    const b = bytes[i]!;
    if (negative && b === NEGATIVE_TERMINATOR) break;
    const pair = (b ^ flip) - 1;
    digits += String.fromCharCode(48 + ((pair / 10) | 0), 48 + (pair % 10));
  }
  if (digits.charCodeAt(digits.length - 1) === 48) digits = digits.slice(0, -1);
  return (negative ? '-' : '') + formatFixed(digits, exponent);
}

/** Plain positional notation, as Decimal#toFixed() prints it (core's canonical form). */
function formatFixed(digits: string, exponent: number): string {
  const n = digits.length;
  if (exponent >= n - 1) return digits + '0'.repeat(exponent - n + 1);
  if (exponent >= 0) return digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  return '0.' + '0'.repeat(-exponent - 1) + digits;
}
