// Number formatting that matches the JDK byte for byte, because nodetool output is compared
// as text. Two JDK behaviours differ: java.text.DecimalFormat rounds the exact binary value
// HALF_EVEN, while String.format("%.2f") rounds the shortest decimal repr HALF_UP.

interface Decimal {
  negative: boolean;
  intDigits: string;
  fracDigits: string;
}

/** Exact decimal expansion of a double (every finite double has one). */
function exactDecimal(x: number): Decimal {
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  // toFixed is exact up to 100 fraction digits, enough for every magnitude nodetool prints;
  // doubles >= 1e21 are integers, where BigInt is exact.
  const text = abs >= 1e21 ? BigInt(abs).toString() : abs.toFixed(100);
  const [intDigits, fracDigits = ''] = text.split('.');
  return { negative, intDigits: intDigits ?? '0', fracDigits: fracDigits.replace(/0+$/, '') };
}

/** The shortest decimal that reads back as x, which is what java.util.Formatter starts from. */
function shortestDecimal(x: number): Decimal {
  const negative = x < 0 || Object.is(x, -0);
  const [mantissa = '0', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = Number(exp) + 1; // digits before the decimal point
  let intDigits: string;
  let fracDigits: string;
  if (pointAt <= 0) {
    intDigits = '0';
    fracDigits = '0'.repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    intDigits = digits + '0'.repeat(pointAt - digits.length);
    fracDigits = '';
  } else {
    intDigits = digits.slice(0, pointAt);
    fracDigits = digits.slice(pointAt);
  }
  return { negative, intDigits, fracDigits: fracDigits.replace(/0+$/, '') };
}

/** Adds one unit in the last place of a digit string; may grow it by one digit. */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') {
      out[i] = '0';
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
  }
  return '1' + out.join('');
}

type Rounding = 'half-even' | 'half-up';

function roundTo(d: Decimal, fractionDigits: number, mode: Rounding): Decimal {
  const frac = d.fracDigits.padEnd(fractionDigits, '0');
  const kept = d.intDigits + frac.slice(0, fractionDigits);
  const dropped = frac.slice(fractionDigits);
  let up = false;
  if (dropped.length > 0) {
    const first = dropped[0] ?? '0';
    const restNonZero = /[1-9]/.test(dropped.slice(1));
    if (first > '5' || (first === '5' && restNonZero)) up = true;
    else if (first === '5') up = mode === 'half-up' || Number(kept[kept.length - 1] ?? '0') % 2 === 1;
  }
  const rounded = up ? incrementDigits(kept) : kept;
  const intLen = rounded.length - fractionDigits;
  return {
    negative: d.negative,
    intDigits: rounded.slice(0, intLen),
    fracDigits: rounded.slice(intLen),
  };
}

function isZero(d: Decimal): boolean {
  return !/[1-9]/.test(d.intDigits + d.fracDigits);
}

/**
 * java.text.DecimalFormat for a pattern without grouping, e.g. "#.##" is
 * (minInt 0, minFrac 0, maxFrac 2) and "##0.0" is (minInt 1, minFrac 1, maxFrac 1).
 */
export function decimalFormat(x: number, minInt: number, minFrac: number, maxFrac: number): string {
  const d = roundTo(exactDecimal(x), maxFrac, 'half-even');
  let frac = d.fracDigits;
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  let int = d.intDigits.replace(/^0+/, '');
  if (int.length < minInt) int = int.padStart(minInt, '0');
  // DecimalFormat prints a lone zero rather than nothing when both parts are empty.
  if (int === '' && frac === '') int = '0';
  const sign = d.negative && !isZero(d) ? '-' : '';
  return sign + int + (frac === '' ? '' : '.' + frac);
}

/** String.format("%.Nf", x). */
export function javaFixed(x: number, fractionDigits: number): string {
  const d = roundTo(shortestDecimal(x), fractionDigits, 'half-up');
  const int = d.intDigits.replace(/^0+(?=\d)/, '');
  const sign = d.negative && !isZero(d) ? '-' : '';
  return sign + int + (fractionDigits > 0 ? '.' + d.fracDigits : '');
}

/**
 * DecimalFormat("##0.0%") (or "##0.00%") of a java Float, as nodetool prints ownership: the
 * float is widened to double and multiplied by 100 in double arithmetic before rounding.
 */
export function javaFloatPercent(fraction: number, fractionDigits: number): string {
  return decimalFormat(Math.fround(fraction) * 100, 1, fractionDigits, fractionDigits) + '%';
}

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

/** Cassandra's FileUtils.stringifyFileSize: binary units, DecimalFormat("#.##"). */
export function stringifyFileSize(bytes: number): string {
  const units: Array<[number, string]> = [
    [TIB, 'TiB'],
    [GIB, 'GiB'],
    [MIB, 'MiB'],
    [KIB, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${decimalFormat(bytes / size, 0, 0, 2)} ${unit}`;
  }
  return `${decimalFormat(bytes, 0, 0, 2)} bytes`;
}

/** nodetool's Load cell: "?" when the node's load is not known. */
export function formatLoad(loadBytes: number): string {
  return loadBytes < 0 ? '?' : stringifyFileSize(loadBytes);
}
