import type { AttributeMap, AttributeValue } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import {
  ExpressionAttributes,
  applyUpdate,
  evaluateCondition,
  parseConditionExpression,
  parseProjectionExpression,
  parseUpdateExpression,
  project,
} from '../../src/expressions/index.js';
import { expectValidation } from './helpers.js';

/**
 * Cases ported from ScyllaDB's test/alternator (test_update_expression.py,
 * test_condition_expression.py, test_projection_expression.py, test_number.py), which were
 * verified against DynamoDB. Exact messages come from DynamoDB as quoted in those tests.
 */

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });
const L = (...xs: AttributeValue[]): AttributeValue => ({ L: xs });

function update(item: AttributeMap | null, text: string, values: AttributeMap = {}, names: Record<string, string> = {}): AttributeMap {
  const attrs = new ExpressionAttributes(names, values);
  const u = parseUpdateExpression(text, attrs);
  attrs.assertAllUsed();
  return applyUpdate(u, item, ['p']).item;
}

function check(item: AttributeMap | null, text: string, values: AttributeMap = {}, names: Record<string, string> = {}): boolean {
  const attrs = new ExpressionAttributes(names, values);
  const c = parseConditionExpression(text, attrs);
  attrs.assertAllUsed();
  return evaluateCondition(c, item);
}

function projected(item: AttributeMap, text: string, names: Record<string, string> = {}): AttributeMap {
  return project(item, parseProjectionExpression(text, new ExpressionAttributes(names, {})));
}

describe('UpdateExpression (test_update_expression.py)', () => {
  it('SET reads every right-hand side from the item before the update', () => {
    expectValidation(
      () => update({ a: S('hello') }, 'SET x = :v, y = x', { ':v': N('4') }),
      'The provided expression refers to an attribute that does not exist in the item',
    );
    expect(update({ a: S('hello') }, 'REMOVE a SET b = a')).toEqual({ b: S('hello') });
    expect(update({ b: S('hello') }, 'SET c = b REMOVE b')).toEqual({ c: S('hello') });
  });

  it('accepts section keywords in any case and spaces anywhere', () => {
    expect(update({}, 'sEt b = :v', { ':v': N('5') })).toEqual({ b: N('5') });
    expect(update({}, '  set   b=:v  ', { ':v': N('5') })).toEqual({ b: N('5') });
  });

  it('tokenizes names, #names and :values as DynamoDB does', () => {
    expect(update({}, 'SET Alpha_Numeric_123 = :_', { ':_': N('1') })).toEqual({ Alpha_Numeric_123: N('1') });
    expect(update({}, 'SET #123 = :123a', { ':123a': N('1') }, { '#123': '3can include any character!.#=' })).toEqual({
      '3can include any character!.#=': N('1'),
    });
    for (const bad of ['SET _abc = :v', 'SET 123a = :v', 'SET hi-there = :v', 'SET hi$there = :v', 'SET "x" = :v', 'SET # = :v', 'SET a = :', 'SET :v = :v']) {
      expectValidation(() => update({}, bad, { ':v': N('1') }), /^Invalid UpdateExpression: Syntax error; token: /);
    }
  });

  it('allows each section once, in any order', () => {
    expectValidation(
      () => update({}, 'SET a = :v REMOVE b SET c = :v', { ':v': N('1') }),
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
    expect(update({ a: N('1') }, 'REMOVE a SET b = :v', { ':v': N('3') })).toEqual({ b: N('3') });
  });

  it('refuses overlapping paths, before looking at the item', () => {
    const overlapping = [
      'SET a = :v1, a.b = :v2', 'SET a.b = :v1, a = :v2', 'SET a.b = :v1, a.b.c.d.e = :v2', 'SET a = :v1, a[1] = :v2',
      'SET a[1][1] = :v1, a[1] = :v2', 'SET a[1][1][1][1] = :v1, a[1][1][1][1] = :v2',
    ];
    for (const text of overlapping) {
      expectValidation(() => update(null, text, { ':v1': N('2'), ':v2': S('there') }), /^Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: /);
    }
    expectValidation(
      () => update(null, 'SET a = :v REMOVE a', { ':v': N('1') }),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    );
    expectValidation(
      () => update(null, 'SET #a1 = :v, #a2 = :v', { ':v': N('1') }, { '#a1': 'a', '#a2': 'a' }),
      /overlap.*path one: \[a\], path two: \[a\]$/,
    );
  });

  it('refuses conflicting paths (a map key and a list index at one level)', () => {
    expectValidation(
      () => update(null, 'SET a.b.c = :v1, a.b[2] = :v2', { ':v1': N('2'), ':v2': N('3') }),
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b, c], path two: [a, b, [2]]',
    );
  });

  it('updates several non-overlapping nested paths at once', () => {
    const item = { a: { M: { x: N('3'), y: N('4'), c: { M: { y: N('3') } } } }, b: { M: { x: N('1'), y: N('2') } } };
    expect(
      update(item, 'SET a.b = :v1, a.c.d = :v2, b.x = :v3 REMOVE a.x, b.y', { ':v1': N('10'), ':v2': S('dog'), ':v3': N('17') }),
    ).toEqual({ a: { M: { y: N('4'), c: { M: { y: N('3'), d: S('dog') } }, b: N('10') } }, b: { M: { x: N('17') } } });
  });

  it('adds and subtracts exactly two operands, numbers only', () => {
    expect(update({ a: N('2') }, 'SET a = :v + a, b = a - :v', { ':v': N('3') })).toEqual({ a: N('5'), b: N('-1') });
    expectValidation(
      () => update({}, 'SET b = :a + :b + :c', { ':a': N('1'), ':b': N('1'), ':c': N('1') }),
      'Invalid UpdateExpression: Syntax error; token: "+", near: ":b + :c"',
    );
    expectValidation(
      () => update({}, 'SET b = :a + :b', { ':a': S('dog'), ':b': N('3') }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    );
    expectValidation(() => update({ a: S('x') }, 'SET b = a + :b', { ':b': N('3') }), 'An operand in the update expression has an incorrect data type');
  });

  it('list_append concatenates lists; its name is case-sensitive and it takes two lists', () => {
    expect(update({ a: L(S('hi')) }, 'SET a = list_append(:v, a)', { ':v': L(S('dog')) })).toEqual({ a: L(S('dog'), S('hi')) });
    expectValidation(
      () => update({}, 'SET a = LIST_APPEND(:v, :v)', { ':v': L() }),
      'Invalid UpdateExpression: Invalid function name; function: LIST_APPEND',
    );
    expectValidation(
      () => update({}, 'SET a = list_append(:v)', { ':v': L() }),
      'Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1',
    );
    expectValidation(
      () => update({}, 'SET a = list_append(:v, :s)', { ':v': L(), ':s': S('hi') }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
    );
    expectValidation(() => update({}, 'SET a = list_append(b, :v)', { ':v': L() }), 'The provided expression refers to an attribute that does not exist in the item');
    expectValidation(() => update({ b: N('7') }, 'SET a = list_append(b, :v)', { ':v': L() }), 'An operand in the update expression has an incorrect data type');
    expectValidation(
      () => update({}, 'SET a = list_append(list_append(:v, :v), :v)', { ':v': L() }),
      'Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append',
    );
  });

  it('if_not_exists takes a path first and nests; + applies outside calls only', () => {
    expect(update({ a: N('2') }, 'SET b = if_not_exists(c, :v), x = if_not_exists(a, :v)', { ':v': N('4') })).toEqual({
      a: N('2'), b: N('4'), x: N('2'),
    });
    expect(update({}, 'SET a = if_not_exists(b, if_not_exists(c, :v))', { ':v': N('3') })).toEqual({ a: N('3') });
    expect(update({}, 'SET b = if_not_exists(b, :v)+:w', { ':v': N('2'), ':w': N('3') })).toEqual({ b: N('5') });
    expectValidation(
      () => update({}, 'SET c = if_not_exists(c, :v+:w)', { ':v': N('2'), ':w': N('3') }),
      /^Invalid UpdateExpression: Syntax error; token: "\+"/,
    );
    expectValidation(
      () => update({}, 'SET b = if_not_exists(:v, :v)', { ':v': N('6') }),
      'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists',
    );
    expectValidation(
      () => update({}, 'SET b = if_not_exists(:missing, :v)', { ':v': N('6') }),
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    );
    expectValidation(() => update({}, 'SET a = f(b,c,d)'), 'Invalid UpdateExpression: Invalid function name; function: f');
    expectValidation(() => update({}, 'SET a = _f(b,c,d)'), /^Invalid UpdateExpression: Syntax error; token: "_"/);
  });

  it('ADD adds numbers and set elements, creating the attribute if needed', () => {
    expect(update({ a: N('3') }, 'ADD a :v, b :v', { ':v': N('4') })).toEqual({ a: N('7'), b: N('4') });
    expect(update({ a: { SS: ['beaver', 'lynx'] } }, 'ADD a :v', { ':v': { SS: ['lynx', 'badger'] } })).toEqual({
      a: { SS: ['beaver', 'lynx', 'badger'] },
    });
    expectValidation(
      () => update({}, 'ADD a :v', { ':v': S('hello') }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
    expectValidation(
      () => update({}, 'ADD a :v', { ':v': L(N('3')) }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST',
    );
    expectValidation(() => update({ b: S('hi') }, 'ADD b :v', { ':v': N('1') }), 'An operand in the update expression has an incorrect data type');
    expectValidation(() => update({ a: L(N('1')) }, 'ADD a :v', { ':v': { NS: ['3'] } }), 'An operand in the update expression has an incorrect data type');
  });

  it('DELETE removes set elements and never leaves an empty set', () => {
    const item = { a: { SS: ['dog', 'cat', 'mouse'] }, b: S('hi') };
    expect(update(item, 'DELETE a :v', { ':v': { SS: ['cat', 'mouse', 'pig'] } })).toEqual({ a: { SS: ['dog'] }, b: S('hi') });
    expect(update(item, 'DELETE a :v', { ':v': { SS: ['dog', 'cat', 'mouse'] } })).toEqual({ b: S('hi') });
    expect(update({ b: S('hi') }, 'DELETE a :v', { ':v': { SS: ['dog'] } })).toEqual({ b: S('hi') });
    expectValidation(
      () => update(item, 'DELETE a :v', { ':v': S('hello') }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING',
    );
  });

  it('addresses nested attributes and list elements, with indexes meaning the old positions', () => {
    const item = { a: { M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('5'), N('7')) } } } }) } } };
    const set = update(item, 'SET a.c[1].#name.y[1] = :v', { ':v': N('9') }, { '#name': 'x' });
    expect(set.a).toEqual({ M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('9'), N('7')) } } } }) } });
    expect(update({ a: L(N('2'), N('3'), N('4'), N('5'), N('6'), N('7')) }, 'SET a[3] = :v REMOVE a[1]', { ':v': N('17') })).toEqual({
      a: L(N('2'), N('4'), N('17'), N('6'), N('7')),
    });
    expect(update({ a: L(N('1')) }, 'REMOVE a[0]')).toEqual({ a: L() });
    expect(update({ a: { M: { b: N('1') } } }, 'REMOVE a.b')).toEqual({ a: { M: {} } });
  });

  it('appends past the end of a list, in index order', () => {
    const item = { a: L(S('one'), S('two'), S('three')) };
    expect(update(item, 'SET a[7] = :v', { ':v': S('hello') })).toEqual({ a: L(S('one'), S('two'), S('three'), S('hello')) });
    expect(
      update(item, 'SET a[84] = :v1, a[37] = :v2, a[17] = :v3, a[50] = :v4', { ':v1': S('a1'), ':v2': S('a2'), ':v3': S('a3'), ':v4': S('a4') }),
    ).toEqual({ a: L(S('one'), S('two'), S('three'), S('a3'), S('a2'), S('a4'), S('a1')) });
  });

  it('refuses a path through a missing or non-container attribute, but ignores missing leaves', () => {
    const item = { a: S('hello'), b: L(S('hi')), m: { M: { x: N('3') } } };
    for (const text of ['SET a.c = :v', 'SET b.c = :v', 'SET c.c = :v', 'SET a[0] = :v', 'SET c[0] = :v']) {
      expectValidation(() => update(item, text, { ':v': N('7') }), 'The document path provided in the update expression is invalid for update');
    }
    for (const text of ['REMOVE a.c', 'REMOVE c.c', 'REMOVE a[0]']) {
      expectValidation(() => update(item, text), 'The document path provided in the update expression is invalid for update');
    }
    expect(update(item, 'REMOVE m.y')).toEqual(item);
    expect(update(item, 'REMOVE b[7]')).toEqual(item);
    expect(update(null, 'REMOVE x.y')).toEqual({});
    expectValidation(() => update(null, 'SET c.c = :v', { ':v': N('7') }), 'The document path provided in the update expression is invalid for update');
  });

  it('refuses list indexes given as placeholders', () => {
    expectValidation(() => update({}, 'SET a[:i] = :v', { ':v': N('1'), ':i': N('1') }), /^Invalid UpdateExpression: Syntax error; token: ":i"/);
    expectValidation(() => update({}, 'SET a[#i] = :v', { ':v': N('1') }), /^Invalid UpdateExpression: Syntax error; token: "#i"/);
  });
});

describe('ConditionExpression (test_condition_expression.py)', () => {
  const item = { a: N('1'), b: S('cat'), c: { B: Buffer.from('cat').toString('base64') }, x: L(N('1'), N('2')) };

  it('never finds two missing attributes equal, and always finds them different', () => {
    expect(check(item, 'q = z')).toBe(false);
    expect(check(item, 'q <> z')).toBe(true);
    for (const op of ['<', '<=', '>', '>=']) expect(check(item, `q ${op} z`)).toBe(false);
    expect(check(item, 'q between z and y')).toBe(false);
  });

  it('compares across types as false (and <> as true)', () => {
    expect(check(item, 'a < :v', { ':v': S('17') })).toBe(false);
    expect(check(item, 'a <> :v', { ':v': S('1') })).toBe(true);
    expect(check(item, 'x < :v', { ':v': N('1') })).toBe(false);
    expect(check(item, 'c < :v', { ':v': { B: Buffer.from('dog').toString('base64') } })).toBe(true);
  });

  it('refuses an unorderable value from the request in an ordering comparison', () => {
    expectValidation(
      () => check(item, ':v <= a', { ':v': L(N('1')) }),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: L',
    );
  });

  it('checks BETWEEN bounds from the request, not from the item', () => {
    expectValidation(
      () => check(item, 'a BETWEEN :lo AND :hi', { ':lo': N('2'), ':hi': N('1') }),
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}',
    );
    expectValidation(
      () => check(item, 'a BETWEEN :lo AND :hi', { ':lo': N('2'), ':hi': S('dog') }),
      'Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {S:dog}',
    );
    expect(check({ ...item, two: N('2') }, 'a BETWEEN two AND :v', { ':v': N('1') })).toBe(false);
    expect(check(item, 'a between :lo and :hi', { ':lo': N('1'), ':hi': N('1') })).toBe(true);
  });

  it('IN takes up to 100 values of any types; an empty list is a syntax error', () => {
    const values: AttributeMap = {};
    for (let i = 0; i < 99; i++) values[`:v${i}`] = N(String(i));
    const list = Object.keys(values).join(',');
    expect(check({ a: N('74') }, `a IN (${list})`, values)).toBe(true);
    expect(check({ a: N('174') }, `a IN (${list})`, values)).toBe(false);
    expect(check({ a: N('174') }, 'a IN (:x, :y)', { ':x': S('dog'), ':y': N('174') })).toBe(true);
    expectValidation(() => check(item, 'a IN ()'), /^Invalid ConditionExpression: Syntax error; token: "\)"/);
  });

  it('attribute_exists needs a path; a bare operand is not a condition', () => {
    expectValidation(
      () => check(item, 'attribute_exists (:v)', { ':v': N('3') }),
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    );
    expectValidation(() => check(item, 'a'), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "a"');
  });

  it('attribute_type matches type names and refuses unknown ones and non-values', () => {
    expect(check(item, 'attribute_type (:v, :t)', { ':v': N('0'), ':t': S('N') })).toBe(true);
    expect(check(item, 'attribute_type (x, :t)', { ':t': S('L') })).toBe(true);
    expectValidation(
      () => check(item, 'attribute_type (a, :t)', { ':t': S('DOG') }),
      'Invalid ConditionExpression: Invalid attribute type name found; type: DOG, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    );
    expectValidation(
      () => check(item, 'attribute_type (a, b)'),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}',
    );
  });

  it('begins_with checks request operand types but treats item types as a false condition', () => {
    expectValidation(
      () => check(item, 'begins_with(b, :v)', { ':v': N('2') }),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    expect(check(item, 'begins_with(a, :v)', { ':v': S('1') })).toBe(false);
    expect(check({ a: S('hello') }, 'begins_with(:s, a)', { ':s': S('hellohi') })).toBe(true);
  });

  it('contains finds substrings, set members and list elements of any type', () => {
    const doc = { b: { NS: ['2', '4', '7'] }, c: L(N('2'), N('4')), e: L(S('hi'), { NS: ['1', '2'] }, L(N('3'), N('4'))) };
    expect(check(doc, 'contains(b, :v)', { ':v': N('4.0') })).toBe(true);
    expect(check(doc, 'contains(c, :v)', { ':v': N('4') })).toBe(true);
    expect(check(doc, 'contains(e, :v)', { ':v': { NS: ['2', '1'] } })).toBe(true);
    expect(check(doc, 'contains(e, :v)', { ':v': L(N('3'), N('4')) })).toBe(true);
    expect(check(doc, 'contains(e, :v)', { ':v': L(N('4'), N('3')) })).toBe(false);
  });

  it('gives NOT over AND over OR precedence', () => {
    const t = { t: { BOOL: true } };
    // true OR (false AND false) = true; (true OR false) AND false would be false.
    expect(check(t, 'attribute_exists(t) OR attribute_exists(x) AND attribute_exists(y)')).toBe(true);
    expect(check(t, 'NOT attribute_exists(x) AND attribute_exists(x)')).toBe(false);
    expect(check(t, 'NOT (attribute_exists(x) AND attribute_exists(x))')).toBe(true);
  });
});

describe('ProjectionExpression (test_projection_expression.py)', () => {
  const item = { p: S('x'), a: { M: { b: L(N('2'), N('4'), { M: { x: S('hi'), y: S('yo') } }), c: N('5') } }, b: S('hello') };

  it('selects nested paths, keeping the structure above them', () => {
    expect(projected(item, 'a.b[2].y')).toEqual({ a: { M: { b: L({ M: { y: S('yo') } }) } } });
    expect(projected(item, 'a.b[0],a.b[1]')).toEqual({ a: { M: { b: L(N('2'), N('4')) } } });
    expect(projected(item, 'a.c,b')).toEqual({ a: { M: { c: N('5') } }, b: S('hello') });
    expect(projected(item, 'a.x, a.b[0], x, a.b[3].x')).toEqual({ a: { M: { b: L(N('2')) } } });
    for (const missing of ['x', 'a.b[3]', 'a.x.y', 'a.b.x', 'a[0]', 'a.b[0][0]']) expect(projected(item, missing)).toEqual({});
  });

  it('treats a name placeholder as one attribute name, dots included', () => {
    const dotted = { 'a.b': S('hi'), a: { M: { b: S('yo') } } };
    expect(projected(dotted, 'a.b')).toEqual({ a: { M: { b: S('yo') } } });
    expect(projected(dotted, '#n', { '#n': 'a.b' })).toEqual({ 'a.b': S('hi') });
  });

  it('refuses overlapping and conflicting paths', () => {
    for (const text of ['a, a', 'a[1], a[1]', 'a, a.b[2].c', 'a.b.d.e, a.b']) {
      expectValidation(() => projected(item, text), /^Invalid ProjectionExpression: Two document paths overlap with each other; /);
    }
    expectValidation(
      () => projected(item, 'a.b, a[1]'),
      'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]',
    );
    for (const text of ['a.b, a.c[2]', 'a[1], a[2]', 'a.b.d, a.b.e']) expect(() => projected(item, text)).not.toThrow();
    for (const text of ['a,', ',a', 'a,,b']) expectValidation(() => projected(item, text), /^Invalid ProjectionExpression: Syntax error; /);
  });
});

describe('numbers in updates (test_number.py)', () => {
  it('adds and subtracts exactly at 38 digits', () => {
    expect(update({}, 'SET b = :a + :b', { ':a': N('1'), ':b': N('10000000000000000000000') })).toEqual({ b: N('10000000000000000000001') });
    expect(update({}, 'SET b = :b - :a', { ':a': N('1'), ':b': N('10000000000000000000000') })).toEqual({ b: N('9999999999999999999999') });
    expect(update({}, 'SET b = :a + :b', { ':a': N('0.1'), ':b': N('0.2') })).toEqual({ b: N('0.3') });
  });

  it('reports results out of range, or needing more than 38 digits, as overflow', () => {
    const overflow = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    expectValidation(() => update({}, 'SET b = :a + :b', { ':a': N('9E125'), ':b': N('9E125') }), overflow);
    expectValidation(() => update({}, 'SET b = :a - :b', { ':a': N('9E125'), ':b': N('-9E125') }), overflow);
    expectValidation(() => update({}, 'SET b = :a - :b', { ':a': N('1E50'), ':b': N('1') }), overflow);
    expectValidation(() => update({ b: N('1E50') }, 'ADD b :b', { ':b': N('1') }), overflow);
    expectValidation(
      () => update({}, 'SET b = :a - :b', { ':a': N('1E-130'), ':b': N('0.9E-130') }),
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  });
});
