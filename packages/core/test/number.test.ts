import { describe, expect, it } from 'vitest';
import { NumberError, addNumbers, canonicalNumber, compareNumbers, subtractNumbers } from '@dynaring/core';

const OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
const PRECISION = 'Attempting to store more than 38 significant digits in a Number';

function failure(f: () => unknown): NumberError {
  try {
    f();
  } catch (err) {
    if (err instanceof NumberError) return err;
    throw err;
  }
  throw new Error('expected a NumberError');
}

describe('canonicalNumber', () => {
  // The pairs ScyllaDB's test_number_output_normalization records from DynamoDB.
  it.each([
    ['1', '1'], ['123', '123'], ['-5', '-5'], ['0', '0'], ['1000', '1000'],
    ['007', '7'], ['001.23', '1.23'], ['00', '0'],
    ['+3', '3'], ['+0', '0'], ['+1.5', '1.5'],
    ['1.0', '1'], ['1.00', '1'], ['1.10', '1.1'], ['100.000', '100'], ['0.0', '0'], ['0.10', '0.1'],
    ['1e3', '1000'], ['1E3', '1000'], ['1e+3', '1000'], ['1E+3', '1000'], ['5e1', '50'], ['-3e2', '-300'],
    ['1.5e2', '150'], ['1.23e4', '12300'],
    ['1e-3', '0.001'], ['5e-1', '0.5'], ['123e-2', '1.23'], ['1.23e-1', '0.123'],
    ['1.0e3', '1000'], ['1.00e2', '100'], ['1.0e-1', '0.1'],
    ['-0', '0'], ['-0.0', '0'], ['0e5', '0'], ['0.0e3', '0'], ['0e-5', '0'], ['0e1000', '0'],
    ['.5', '0.5'], ['.123', '0.123'], ['-.5', '-0.5'], ['1.', '1'],
    ['1e20', '100000000000000000000'], ['9.9e10', '99000000000'], ['1e125', '1' + '0'.repeat(125)],
    ['1e-20', '0.00000000000000000001'], ['3.14159', '3.14159'], ['-273.15', '-273.15'], ['0.0001', '0.0001'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it('keeps 38 significant digits, ignoring leading and trailing zeros (dynalite "really long numbers")', () => {
    expect(canonicalNumber('0000012345678901234567890123456789012345678')).toBe('12345678901234567890123456789012345678');
    expect(canonicalNumber('-00001.23456789012345678901234567890123456780000')).toBe('-1.2345678901234567890123456789012345678');
    expect(canonicalNumber('0009.99999999999999999999999999999999999990000e125')).toBe('9'.repeat(38) + '0'.repeat(88));
    expect(canonicalNumber('-0001.000e-130')).toBe('-0.' + '0'.repeat(129) + '1');
  });

  it('reports a missing number without the text', () => {
    const err = failure(() => canonicalNumber(''));
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe('The parameter cannot be converted to a numeric value');
  });

  it.each(['abc', 'NaN', '-NaN', 'Infinity', '-Infinity', ' 1', '1 ', '1e', 'e5', '.', '-', '+', '0x10', '1,5', '1e5.5', '--1', '1e99999999999'])(
    'refuses %j with the text in the message',
    (text) => {
      const err = failure(() => canonicalNumber(text));
      expect(err.kind).toBe('invalid');
      expect(err.message).toBe(`The parameter cannot be converted to a numeric value: ${text}`);
    },
  );

  it('refuses more than 38 significant digits', () => {
    for (const text of ['123456789012345678901234567890123456789', '-1.23456789012345678901234567890123456789', '314159265358979323846264338327950288419e30']) {
      const err = failure(() => canonicalNumber(text));
      expect([err.kind, err.message]).toEqual(['precision', PRECISION]);
    }
  });

  it('accepts magnitudes from 1E-130 to 9.99...E+125', () => {
    expect(canonicalNumber('-1e-130')).toBe('-0.' + '0'.repeat(129) + '1');
    expect(canonicalNumber('9.9999999999999999999999999999999999999E+125')).toBe('9'.repeat(38) + '0'.repeat(88));
  });

  it('refuses magnitudes above 9.99...E+125 as overflow', () => {
    for (const text of ['1e126', '-1e126', '11e125', '10e125']) {
      const err = failure(() => canonicalNumber(text));
      expect([err.kind, err.message]).toEqual(['overflow', OVERFLOW]);
    }
  });

  it('refuses magnitudes below 1E-130 as underflow', () => {
    for (const text of ['1e-131', '-1e-131', '0.9e-130']) {
      const err = failure(() => canonicalNumber(text));
      expect([err.kind, err.message]).toEqual(['underflow', UNDERFLOW]);
    }
  });

  it('checks the magnitude before the digit count, as DynamoDB does', () => {
    expect(failure(() => canonicalNumber('1'.repeat(40) + 'e100')).kind).toBe('overflow');
  });
});

describe('compareNumbers', () => {
  it('compares by value, not by text', () => {
    expect(compareNumbers('9', '10')).toBe(-1);
    expect(compareNumbers('1000', '1e3')).toBe(0);
    expect(compareNumbers('-0.5', '-0.25')).toBe(-1);
    expect(compareNumbers('1e-130', '0')).toBe(1);
  });

  it('distinguishes numbers that differ only in the 38th digit', () => {
    const a = '1234567890123456789012345678901234567.8';
    const b = '1234567890123456789012345678901234567.9';
    expect(compareNumbers(a, b)).toBe(-1);
    expect(compareNumbers(b, a)).toBe(1);
  });
});

describe('addNumbers / subtractNumbers', () => {
  it('is exact beyond double precision (ScyllaDB test_update_expression_plus_precision)', () => {
    expect(addNumbers('1', '10000000000000000000000')).toBe('10000000000000000000001');
    expect(subtractNumbers('10000000000000000000000', '1')).toBe('9999999999999999999999');
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
  });

  it('returns canonical text', () => {
    expect(subtractNumbers('1.5', '1.5')).toBe('0');
    expect(addNumbers('-1', '0.5')).toBe('-0.5');
    expect(addNumbers('9e125', '9e124')).toBe('99' + '0'.repeat(124));
  });

  it('reports a result above the range as overflow', () => {
    expect(failure(() => addNumbers('9e125', '9e125')).message).toBe(OVERFLOW);
    expect(failure(() => subtractNumbers('9e125', '-9e125')).message).toBe(OVERFLOW);
  });

  it('reports a result needing more than 38 digits as overflow, as DynamoDB does', () => {
    const err = failure(() => subtractNumbers('1e50', '1'));
    expect(err.message).toBe(OVERFLOW);
    expect(failure(() => addNumbers('1e50', '1')).message).toBe(OVERFLOW);
  });

  it('reports a result below the range as underflow', () => {
    expect(failure(() => subtractNumbers('2e-130', '1.5e-130')).message).toBe(UNDERFLOW);
  });
});
