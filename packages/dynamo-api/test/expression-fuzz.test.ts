import type { AttributeMap, AttributeValue, KeySchema } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import { DynamoApiError } from '../src/errors.js';
import { SeededRandom } from '../../../test/support/seeded-random.js';
import {
  ExpressionAttributes,
  applyUpdate,
  evaluateCondition,
  parseConditionExpression,
  parseKeyConditionExpression,
  parseProjectionExpression,
  parseUpdateExpression,
  project,
  resolveKeyCondition,
} from '../src/expressions/index.js';

/**
 * Seeded fuzzing of all five expression kinds: generated valid-looking expressions, then
 * mutated ones (tokens deleted, duplicated, swapped or replaced, random characters, deep
 * nesting, long inputs). Whatever the input, parsing plus evaluating / applying must either
 * succeed or throw a ValidationException, and stay fast. A failure prints the seed and text.
 */

const SEED = 20240605;
const CASES_PER_KIND = 21_000; // five kinds: 105k cases
const MAX_CASE_MS = 50; // a few ms in practice; the slack is for GC pauses on a loaded CI box

type Kind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

const rngFrom = (seed: number) => new SeededRandom(seed);
type Rng = SeededRandom;

const NAMES: Record<string, string> = { '#n0': 'a', '#n1': 'm', '#n2': 'c.d', '#n3': 'status', '#pk': 'pk', '#sk': 'sk' };
const VALUES: AttributeMap = {
  ':s': { S: 'abc' },
  ':s2': { S: 'ab' },
  ':e': { S: '' },
  ':n': { N: '5' },
  ':n2': { N: '-1500' },
  ':big': { N: '99999999999999999999999999999999999999' },
  ':huge': { N: '9.9E125' },
  ':tiny': { N: '1E-130' },
  ':b': { B: 'AAEC' },
  ':ss': { SS: ['a', 'b'] },
  ':ns': { NS: ['1', '2'] },
  ':bs': { BS: ['AA=='] },
  ':l': { L: [{ S: 'x' }, { N: '1' }] },
  ':m': { M: { k: { S: 'v' } } },
  ':t': { BOOL: true },
  ':null': { NULL: true },
  ':type': { S: 'N' },
  ':badtype': { S: 'DOG' },
};
const VALUE_REFS = [...Object.keys(VALUES), ':undefined'];
const NAME_REFS = [...Object.keys(NAMES), '#undefined'];
const IDENTS = ['a', 'b', 'c', 'l', 'm', 'ss', 'ns', 'x', 'pk', 'sk', 'status', 'Size', 'and', 'not', 'SET'];
const FUNCTIONS = ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains', 'size', 'if_not_exists', 'list_append', 'f'];
const COMPARATORS = ['=', '<>', '<', '<=', '>', '>='];
const VOCABULARY = [
  ...COMPARATORS, '(', ')', '[', ']', ',', '.', '+', '-', 'AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE',
  '0', '3', '99999999999', ':', '#', '', ' ', '\t', '"', '$', '_x', 'é', '\u{1F600}', ...FUNCTIONS, ...IDENTS, ...VALUE_REFS, ...NAME_REFS,
];

const ITEMS: Array<AttributeMap | null> = [
  null,
  {},
  {
    pk: { S: 'k' },
    a: { N: '5' },
    b: { S: 'abc' },
    c: { B: 'AAEC' },
    l: { L: [{ N: '1' }, { L: [{ S: 'deep' }] }, { M: { x: { N: '2' } } }] },
    m: { M: { k: { S: 'v' }, n: { M: { k: { NS: ['3'] } } } } },
    ss: { SS: ['a', 'b'] },
    ns: { NS: ['1', '2'] },
    status: { BOOL: false },
    'c.d': { NULL: true },
  },
  { pk: { S: 'k' }, a: { S: 'not a number' }, l: { M: {} }, m: { L: [] }, x: { N: '9.9E125' } },
];

const KEY_SCHEMA: KeySchema = { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'N' } };

// ---- generators of (mostly) valid expressions, as token lists ----

function path(r: Rng): string[] {
  const out = [r.chance(0.3) ? r.pick(NAME_REFS) : r.pick(IDENTS)];
  const steps = r.chance(0.6) ? 0 : r.int(4);
  for (let i = 0; i < steps; i++) {
    if (r.chance(0.5)) out.push('[', String(r.int(4)), ']');
    else out.push('.', r.chance(0.3) ? r.pick(NAME_REFS) : r.pick(IDENTS));
  }
  return out;
}

function operand(r: Rng): string[] {
  if (r.chance(0.4)) return [r.pick(VALUE_REFS)];
  if (r.chance(0.1)) return ['size', '(', ...path(r), ')'];
  return path(r);
}

function condition(r: Rng, depth: number): string[] {
  const leaf = depth > 3 || r.chance(0.5);
  if (!leaf) {
    const choice = r.int(4);
    if (choice === 0) return [...condition(r, depth + 1), 'AND', ...condition(r, depth + 1)];
    if (choice === 1) return [...condition(r, depth + 1), 'OR', ...condition(r, depth + 1)];
    if (choice === 2) return ['NOT', ...condition(r, depth + 1)];
    return ['(', ...condition(r, depth + 1), ')'];
  }
  switch (r.int(5)) {
    case 0:
      return [...operand(r), r.pick(COMPARATORS), ...operand(r)];
    case 1:
      return [...operand(r), 'BETWEEN', ...operand(r), 'AND', ...operand(r)];
    case 2: {
      const list = Array.from({ length: 1 + r.int(4) }, () => operand(r));
      return [...operand(r), 'IN', '(', ...list.flatMap((o, i) => (i === 0 ? o : [',', ...o])), ')'];
    }
    case 3:
      return [r.pick(['attribute_exists', 'attribute_not_exists']), '(', ...path(r), ')'];
    default:
      return [r.pick(['attribute_type', 'begins_with', 'contains']), '(', ...operand(r), ',', ...operand(r), ')'];
  }
}

function keyCondition(r: Rng): string[] {
  const hash = [r.pick(['pk', '#pk']), '=', r.pick([':s', ':n', ':e'])];
  if (r.chance(0.3)) return hash;
  const sk = r.pick(['sk', '#sk', 'a']);
  const range = r.chance(0.3)
    ? [sk, 'BETWEEN', r.pick(VALUE_REFS), 'AND', r.pick(VALUE_REFS)]
    : r.chance(0.2)
      ? ['begins_with', '(', sk, ',', r.pick(VALUE_REFS), ')']
      : [sk, r.pick(COMPARATORS), r.pick(VALUE_REFS)];
  return r.chance(0.5) ? [...hash, 'AND', ...range] : [...range, 'AND', ...hash];
}

function setValue(r: Rng): string[] {
  const single = (): string[] => {
    if (r.chance(0.15)) return ['if_not_exists', '(', ...path(r), ',', ...single(), ')'];
    if (r.chance(0.15)) return ['list_append', '(', ...operand(r), ',', ...operand(r), ')'];
    return operand(r).filter((t) => t !== 'size');
  };
  return r.chance(0.3) ? [...single(), r.pick(['+', '-']), ...single()] : single();
}

function update(r: Rng): string[] {
  const out: string[] = [];
  const sections = ['SET', 'REMOVE', 'ADD', 'DELETE'].filter(() => r.chance(0.5));
  if (sections.length === 0) sections.push('SET');
  for (const section of sections) {
    out.push(section);
    const n = 1 + r.int(3);
    for (let i = 0; i < n; i++) {
      if (i > 0) out.push(',');
      out.push(...path(r));
      if (section === 'SET') out.push('=', ...setValue(r));
      else if (section !== 'REMOVE') out.push(r.pick(VALUE_REFS));
    }
  }
  return out;
}

function projection(r: Rng): string[] {
  const n = 1 + r.int(4);
  return Array.from({ length: n }, () => path(r)).flatMap((p, i) => (i === 0 ? p : [',', ...p]));
}

function generate(kind: Kind, r: Rng): string[] {
  switch (kind) {
    case 'ConditionExpression':
    case 'FilterExpression':
      return condition(r, 0);
    case 'KeyConditionExpression':
      return keyCondition(r);
    case 'UpdateExpression':
      return update(r);
    case 'ProjectionExpression':
      return projection(r);
  }
}

// ---- mutations ----

function randomChars(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(r.chance(0.8) ? 32 + r.int(95) : r.int(0x3000));
  return s;
}

function mutate(tokens: string[], r: Rng): string {
  const t = [...tokens];
  const rounds = 1 + r.int(3);
  for (let k = 0; k < rounds; k++) {
    const i = r.int(t.length + 1);
    switch (r.int(9)) {
      case 0:
        t.splice(i, 1);
        break;
      case 1:
        if (t[i] !== undefined) t.splice(i, 0, t[i]!);
        break;
      case 2: {
        const j = r.int(t.length);
        if (t[i] !== undefined && t[j] !== undefined) [t[i], t[j]] = [t[j]!, t[i]!];
        break;
      }
      case 3:
        t.splice(i, 1, r.pick(VOCABULARY));
        break;
      case 4:
        t.splice(i, 0, r.pick(VOCABULARY));
        break;
      case 5:
        t.splice(i, 0, randomChars(r, 1 + r.int(6)));
        break;
      case 6: {
        // Deep nesting around a slice: parentheses, NOTs or function calls.
        const depth = r.pick([10, 100, 350, 450, 1500]);
        const open = r.pick(['(', 'NOT ', 'size(', 'if_not_exists(a,']);
        t.splice(i, 0, open.repeat(depth));
        if (open !== 'NOT ') t.push(')'.repeat(r.chance(0.8) ? depth : r.int(depth)));
        break;
      }
      case 7: {
        // A long input: the expression repeated with a joiner, or a very deep document path.
        const joiner = r.pick([' AND ', ' OR ', ', ', ' ', '.', '']);
        const n = r.pick([5, 50, 300]);
        // Capped: repeated rounds of this would otherwise grow without bound.
        if (t.join(' ').length * n > 20_000) break;
        if (r.chance(0.5)) t.splice(0, t.length, Array.from({ length: n }, () => t.join(' ')).join(joiner));
        else t.splice(i, 0, Array.from({ length: n }, (_, x) => `p${x}`).join(r.pick(['.', '[0].'])));
        break;
      }
      default:
        t.splice(i, 0, r.pick(['[', ']', '[99999999999999999999]', '[-1]', '.', '..', '#', ':']));
    }
  }
  return t.join(r.chance(0.8) ? ' ' : '');
}

// ---- running one case ----

/**
 * Parses and then exercises the result against every sample item; throws what the code
 * throws. Returns whether the expression got as far as evaluation.
 */
function exercise(kind: Kind, text: string): boolean {
  const attrs = new ExpressionAttributes(NAMES, VALUES);
  switch (kind) {
    case 'ConditionExpression':
    case 'FilterExpression': {
      const c = parseConditionExpression(text, attrs, kind);
      for (const item of ITEMS) evaluateCondition(c, item);
      break;
    }
    case 'KeyConditionExpression':
      resolveKeyCondition(parseKeyConditionExpression(text, attrs), KEY_SCHEMA);
      break;
    case 'UpdateExpression': {
      const u = parseUpdateExpression(text, attrs);
      for (const item of ITEMS) {
        try {
          applyUpdate(u, item === null ? null : structuredClone(item), ['pk']);
        } catch (e) {
          // Each item may fail on its own (a bad path for one item is fine for another).
          if (!isValidation(e)) throw e;
        }
      }
      break;
    }
    case 'ProjectionExpression': {
      const paths = parseProjectionExpression(text, attrs);
      for (const item of ITEMS) project(item, paths);
      break;
    }
  }
  try {
    attrs.assertAllUsed();
  } catch (e) {
    // Most generated texts use a few of the placeholders: the leftovers are refused, as they should be.
    if (!isValidation(e)) throw e;
  }
  return true;
}

const isValidation = (e: unknown) => e instanceof DynamoApiError && e.type === 'ValidationException';

function timeOf(kind: Kind, text: string): number {
  const start = performance.now();
  try {
    exercise(kind, text);
  } catch {
    // Outcomes were checked on the first run; only the time matters here.
  }
  return performance.now() - start;
}

interface Outcome {
  readonly crashes: string[];
  readonly slowest: { ms: number; text: string };
  readonly accepted: number;
}

function fuzz(kind: Kind, seed: number): Outcome {
  const r = rngFrom(seed);
  const crashes: string[] = [];
  let slowest = { ms: 0, text: '' };
  let accepted = 0;
  for (let i = 0; i < CASES_PER_KIND; i++) {
    const tokens = generate(kind, r);
    // A third stay valid-looking (they reach evaluation), the rest are mutated.
    const text = i % 3 === 0 ? tokens.join(' ') : mutate(tokens, r);
    const start = performance.now();
    try {
      if (exercise(kind, text)) accepted++;
    } catch (e) {
      if (!isValidation(e) && crashes.length < 10) crashes.push(`${JSON.stringify(text.slice(0, 300))}: ${String(e)}`);
    }
    let ms = performance.now() - start;
    // A GC pause or a busy CI core does not repeat; a slow input does. Time it again.
    for (let retry = 0; retry < 3 && ms > MAX_CASE_MS; retry++) ms = Math.min(ms, timeOf(kind, text));
    if (ms > slowest.ms) slowest = { ms, text: text.slice(0, 200) };
  }
  return { crashes, slowest, accepted };
}

describe('expression fuzzing', () => {
  const kinds: Kind[] = ['ConditionExpression', 'FilterExpression', 'KeyConditionExpression', 'UpdateExpression', 'ProjectionExpression'];
  kinds.forEach((kind, k) => {
    it(`${kind}: only successes or ValidationExceptions, each case fast`, () => {
      const outcome = fuzz(kind, SEED + k);
      expect(outcome.crashes).toEqual([]);
      expect(outcome.slowest.ms, `slowest case: ${outcome.slowest.text}`).toBeLessThan(MAX_CASE_MS);
      // The generator must keep reaching evaluation, or the fuzzing only tests the parser's errors.
      expect(outcome.accepted).toBeGreaterThan(CASES_PER_KIND / 50);
    }, 120_000);
  });
});
