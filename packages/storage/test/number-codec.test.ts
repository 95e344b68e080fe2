import { describe, expect, it } from 'vitest';
import { canonicalNumber, compareNumbers, decodeNumber, encodeNumber, NumberError } from '@dynaring/core';
import { randomInt, seededRandom } from './random.js';

const decode = (bytes: Uint8Array) => decodeNumber(bytes, 0, bytes.length);
const compareBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);

const NINES_38 = '9'.repeat(38);
const EDGE_CASES = [
  '0', '1', '-1', '10', '-10', '1.2', '1.23', '-1.2', '-1.23', '0.1', '-0.1', '100', '99.9999',
  '1e-130', '-1e-130', '1.5e-130', `${NINES_38}e88`, `-${NINES_38}e88`, '1e125', '-1e125',
  `0.${NINES_38}`, `-0.${NINES_38}`, '12345678901234567890123456789012345678',
  '-12345678901234567890123456789012345678', '1.0000000000000000000000000000000000001',
  '0.00000000000000000000000000000000000001', '2', '19', '20', '21', '9', '90', '91',
];

function randomNumberText(random: () => number): string {
  const kind = random();
  if (kind < 0.05) return '0';
  const digitCount = kind < 0.3 ? randomInt(random, 1, 3) : randomInt(random, 1, 38);
  let digits = String(randomInt(random, 1, 9));
  for (let i = 1; i < digitCount; i++) digits += String(randomInt(random, 0, 9));
  // Exponent of the most significant digit in DynamoDB's range, often near zero.
  const exponent = random() < 0.5 ? randomInt(random, -5, 5) : randomInt(random, -130, 125);
  const sign = random() < 0.5 ? '-' : '';
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exponent}`;
}

describe('number codec', () => {
  it('round-trips edge cases into canonical text', () => {
    for (const text of EDGE_CASES) {
      const canonical = canonicalNumber(text);
      expect(decode(encodeNumber(text))).toBe(canonical);
      expect(decode(encodeNumber(canonical))).toBe(canonical);
    }
  });

  it('round-trips random numbers into canonical text', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 5000; i++) {
      const canonical = canonicalNumber(randomNumberText(random));
      expect(decode(encodeNumber(canonical))).toBe(canonical);
    }
  });

  it('encodes equal values identically whatever the spelling', () => {
    expect(encodeNumber('15')).toEqual(encodeNumber('1.50e1'));
    expect(encodeNumber('-0.001')).toEqual(encodeNumber('-1E-3'));
    expect(encodeNumber('0')).toEqual(encodeNumber('-0.000'));
    expect(encodeNumber('+7')).toEqual(encodeNumber('007.00'));
  });

  it('orders edge cases by numeric value', () => {
    const sortedByBytes = [...EDGE_CASES].sort((a, b) => compareBytes(encodeNumber(a), encodeNumber(b)));
    const sortedByValue = [...EDGE_CASES].sort(compareNumbers);
    expect(sortedByBytes).toEqual(sortedByValue);
  });

  it('orders random numbers (negative, zero, tiny, huge, 38 digits) by numeric value', () => {
    const random = seededRandom(2);
    const values = Array.from({ length: 3000 }, () => canonicalNumber(randomNumberText(random)));
    const sortedByBytes = [...values].sort((a, b) => compareBytes(encodeNumber(a), encodeNumber(b)));
    const sortedByValue = [...values].sort(compareNumbers);
    expect(sortedByBytes).toEqual(sortedByValue);
  });

  it('orders close neighbours: each byte comparison agrees with the value comparison', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 3000; i++) {
      const a = canonicalNumber(randomNumberText(random));
      // A neighbour sharing a's leading digits: append or change a trailing digit.
      const neighbour = random() < 0.5 ? `${a}${a.includes('.') ? '' : '.'}${randomInt(random, 1, 9)}` : a.slice(0, -1) + String(randomInt(random, 1, 9));
      let b: string;
      try {
        b = canonicalNumber(neighbour);
      } catch {
        continue; // a 39th digit: not a DynamoDB number
      }
      expect(Math.sign(compareBytes(encodeNumber(a), encodeNumber(b)))).toBe(Math.sign(compareNumbers(a, b)));
    }
  });

  it('rejects numbers DynamoDB cannot store', () => {
    expect(() => encodeNumber('1' + '1'.repeat(38))).toThrow(NumberError);
    expect(() => encodeNumber('1e126')).toThrow(/overflow/);
    expect(() => encodeNumber('1e-131')).toThrow(/underflow/);
    expect(() => encodeNumber('abc')).toThrow(NumberError);
    expect(() => encodeNumber('')).toThrow(NumberError);
  });

  it('keeps encodings compact: at most 22 bytes for 38 digits', () => {
    expect(encodeNumber('0').length).toBe(1);
    expect(encodeNumber(`-${NINES_38}`).length).toBe(22);
    expect(encodeNumber(NINES_38).length).toBe(21);
  });
});
