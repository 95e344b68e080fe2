import { describe, expect, it } from 'vitest';
import { decimalFormat, formatLoad, javaFixed, javaFloatPercent, stringifyFileSize } from '../src/format/java-number.js';

describe('stringifyFileSize (Cassandra FileUtils, DecimalFormat "#.##")', () => {
  it('uses binary units with at most two decimals', () => {
    expect(stringifyFileSize(268_871)).toBe('262.57 KiB');
    expect(stringifyFileSize(1_572_864)).toBe('1.5 MiB');
    expect(stringifyFileSize(5 * 1024 ** 3)).toBe('5 GiB');
    expect(stringifyFileSize(1024 ** 4 * 2.5)).toBe('2.5 TiB');
    expect(stringifyFileSize(1023)).toBe('1023 bytes');
    expect(stringifyFileSize(0)).toBe('0 bytes');
  });

  it('prints ? for an unknown load', () => {
    expect(formatLoad(-1)).toBe('?');
  });
});

describe('DecimalFormat rounding', () => {
  it('rounds the exact binary value half-even', () => {
    expect(decimalFormat(2.675, 0, 0, 2)).toBe('2.67'); // 2.67499999...
    expect(decimalFormat(0.125, 1, 0, 2)).toBe('0.12'); // exact tie, to even
    expect(decimalFormat(0.375, 1, 0, 2)).toBe('0.38');
    expect(decimalFormat(9.995, 1, 1, 2)).toBe('9.99'); // 9.99499999...
    expect(decimalFormat(99.96, 1, 1, 1)).toBe('100.0');
  });

  it('omits the integer zero when the pattern has no required integer digit', () => {
    expect(decimalFormat(0.5, 0, 0, 2)).toBe('.5');
  });
});

describe('ownership percentages (java Float through DecimalFormat "##0.0%")', () => {
  it('formats fractions as Cassandra prints them', () => {
    expect(javaFloatPercent(1, 1)).toBe('100.0%');
    expect(javaFloatPercent(1 / 3, 1)).toBe('33.3%');
    expect(javaFloatPercent(2 / 3, 2)).toBe('66.67%');
    expect(javaFloatPercent(0, 1)).toBe('0.0%');
  });
});

describe('String.format("%.2f")', () => {
  it('rounds the shortest decimal repr half-up', () => {
    expect(javaFixed(1.005, 2)).toBe('1.01');
    expect(javaFixed(121.30000019073486, 2)).toBe('121.30');
    expect(javaFixed(0, 2)).toBe('0.00');
    expect(javaFixed(1e-7, 2)).toBe('0.00');
    expect(javaFixed(99.999, 2)).toBe('100.00');
  });
});
