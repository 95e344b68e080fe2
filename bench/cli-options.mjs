// Option parsers shared by the bench scripts (commander).
import { InvalidArgumentError } from 'commander';

export const positiveNumber = (v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
};

export const nonNegativeNumber = (v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a non-negative number');
  return n;
};

export const positiveInteger = (v) => {
  const n = positiveNumber(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

/** A parser for a comma-separated list of names, each of which must be in `known`. */
export const nameList = (known, noun = 'workload') => (v) => {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of list) if (!known.includes(w)) throw new InvalidArgumentError(`unknown ${noun} ${w}`);
  return list;
};
