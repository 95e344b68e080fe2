import { describe, expect, it } from 'vitest';
import {
  isReservedWord,
  parseCacheSize,
  parseConditionExpression,
  parseProjectionExpression,
  parseUpdateExpression,
} from '../../src/expressions/index.js';
import { RESERVED_WORD_COUNT } from '../../src/expressions/reserved-words.js';
import { attrs, expectValidation } from './helpers.js';

const v = { ':v': { S: 'x' } };

describe('paths', () => {
  it('parses nested dots, indexes and name placeholders', () => {
    const c = parseConditionExpression('#n.#m[0].c = :v', attrs(v, { '#n': 'a.b', '#m': 'list' }));
    expect(c).toEqual({
      kind: 'compare',
      op: '=',
      left: { kind: 'path', path: ['a.b', 'list', 0, 'c'] },
      right: { kind: 'value', value: { S: 'x' } },
    });
  });

  it('allows 32 nesting levels and refuses 33', () => {
    const deep = (n: number) => ['a', ...Array.from({ length: n - 1 }, () => 'b')].join('.');
    expect(parseProjectionExpression(deep(32), attrs())).toHaveLength(1);
    expectValidation(
      () => parseProjectionExpression(deep(33), attrs()),
      'Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33',
    );
  });

  it('refuses reserved words used as bare names, in any case', () => {
    expect(RESERVED_WORD_COUNT).toBe(573);
    expect(isReservedWord('status')).toBe(true);
    expectValidation(
      () => parseConditionExpression('name = :v', attrs(v)),
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name',
    );
    expectValidation(
      () => parseUpdateExpression('SET a.Status = :v', attrs(v)),
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Status',
    );
  });

  it('accepts a reserved word through a name placeholder', () => {
    expect(parseProjectionExpression('#s', attrs({}, { '#s': 'status' }))).toEqual([['status']]);
  });
});

describe('syntax errors', () => {
  it('quotes the bad token and its neighbours', () => {
    expectValidation(
      () => parseConditionExpression('foo', attrs()),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"',
    );
    expectValidation(
      () => parseUpdateExpression('SET _123 = :v', attrs(v)),
      'Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123"',
    );
    expectValidation(
      () => parseUpdateExpression('SET path = VALUE 1', attrs()),
      'Invalid UpdateExpression: Syntax error; token: "1", near: "VALUE 1"',
    );
    expectValidation(
      () => parseConditionExpression('a == :v', attrs(v)),
      'Invalid ConditionExpression: Syntax error; token: "=", near: "== :v"',
    );
  });

  it('refuses placeholders as list indexes and values on the left of SET', () => {
    expectValidation(() => parseUpdateExpression('SET a[:i] = :v', attrs(v)), /^Invalid UpdateExpression: Syntax error; token: ":i"/);
    expectValidation(() => parseUpdateExpression('SET :a = :v', attrs(v)), /^Invalid UpdateExpression: Syntax error; token: ":a"/);
  });

  it('allows only one + or - in a SET value, and none inside function arguments', () => {
    const three = { ':a': { N: '1' }, ':b': { N: '2' }, ':c': { N: '3' } };
    expectValidation(() => parseUpdateExpression('SET a = :a + :b + :c', attrs(three)), /Syntax error; token: "\+"/);
    expectValidation(() => parseUpdateExpression('SET a = if_not_exists(a, :a + :b)', attrs(three)), /Syntax error; token: "\+"/);
  });

  it('reports an empty expression', () => {
    expectValidation(() => parseUpdateExpression('   ', attrs()), 'Invalid UpdateExpression: The expression can not be empty;');
    expectValidation(
      () => parseConditionExpression('', attrs(), 'FilterExpression'),
      'Invalid FilterExpression: The expression can not be empty;',
    );
  });
});

describe('condition grammar', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const c = parseConditionExpression('NOT a = :v AND b = :v OR c = :v', attrs(v));
    expect(c.kind).toBe('or');
    const left = (c as { left: { kind: string; left: { kind: string } } }).left;
    expect(left.kind).toBe('and');
    expect(left.left.kind).toBe('not');
  });

  it('treats keywords case-insensitively and parses BETWEEN and IN', () => {
    const vals = { ':a': { N: '1' }, ':b': { N: '5' } };
    expect(parseConditionExpression('x bEtWeEn :a aNd :b', attrs(vals)).kind).toBe('between');
    expect(parseConditionExpression('x in (:a, :b)', attrs(vals)).kind).toBe('in');
  });

  it('accepts one pair of parentheses per level but not two', () => {
    expect(parseConditionExpression('((a = :v) AND (b = :v))', attrs(v)).kind).toBe('and');
    expect(parseConditionExpression('(a) = :v', attrs(v)).kind).toBe('compare');
    expectValidation(
      () => parseConditionExpression('((a = :v))', attrs(v)),
      'Invalid ConditionExpression: The expression has redundant parentheses;',
    );
  });

  it('refuses more than 100 IN operands, counting the subject', () => {
    const values = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`:v${i}`, { N: String(i) }]));
    const list = Object.keys(values).join(', ');
    expectValidation(
      () => parseConditionExpression(`a IN (${list})`, attrs(values)),
      'Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101',
    );
  });

  it('checks function names, placement and arity', () => {
    expectValidation(() => parseConditionExpression('foo(a)', attrs()), 'Invalid ConditionExpression: Invalid function name; function: foo');
    expectValidation(
      () => parseConditionExpression('if_not_exists(a, :v) = :v', attrs(v)),
      'Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists',
    );
    expectValidation(
      () => parseConditionExpression('attribute_exists(a) = :v', attrs(v)),
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists',
    );
    expectValidation(
      () => parseConditionExpression('size(a)', attrs()),
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size',
    );
    expectValidation(
      () => parseConditionExpression('attribute_exists(a, b)', attrs()),
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2',
    );
    expectValidation(
      () => parseConditionExpression('attribute_exists(:v)', attrs(v)),
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    );
  });

  it('checks operand types known from the values', () => {
    expectValidation(
      () => parseConditionExpression('begins_with(a, :n)', attrs({ ':n': { N: '3' } })),
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    expectValidation(
      () => parseConditionExpression('attribute_type(a, :t)', attrs({ ':t': { S: 'STRING' } })),
      'Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    );
    expectValidation(
      () => parseConditionExpression('a BETWEEN :hi AND :lo', attrs({ ':hi': { S: 'b' }, ':lo': { S: 'a' } })),
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}',
    );
    expectValidation(
      () => parseConditionExpression('a BETWEEN :n AND :s', attrs({ ':n': { N: '1' }, ':s': { S: 'a' } })),
      'Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}',
    );
    expectValidation(() => parseConditionExpression('a < :l', attrs({ ':l': { L: [] } })), /^Invalid ConditionExpression: Incorrect operand type/);
    expectValidation(
      () => parseConditionExpression('a = a', attrs()),
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]',
    );
  });

  it('reports unknown functions before reserved words before undefined placeholders', () => {
    expectValidation(() => parseConditionExpression('foo(name) = :zz', attrs()), /Invalid function name; function: foo$/);
    expectValidation(() => parseConditionExpression('name = :zz', attrs()), /reserved keyword: name$/);
  });
});

describe('update grammar', () => {
  const vals = { ':v': { N: '1' }, ':w': { N: '2' } };

  it('parses all four clauses in any case and order', () => {
    const u = parseUpdateExpression('remove x set a = :v, b = a + :w add c :v', attrs(vals));
    expect(u.actions.map((a) => a.action)).toEqual(['REMOVE', 'SET', 'SET', 'ADD']);
  });

  it('allows each clause once', () => {
    expectValidation(
      () => parseUpdateExpression('SET a = :v REMOVE b SET c = :w', attrs(vals)),
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
  });

  it('refuses overlapping and conflicting paths', () => {
    expectValidation(
      () => parseUpdateExpression('SET a = :v REMOVE a.b', attrs(vals)),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
    expectValidation(
      () => parseUpdateExpression('SET a.b = :v, a[1] = :w', attrs(vals)),
      'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]',
    );
    expectValidation(
      () => parseUpdateExpression('SET #a = :v, #b = :w', attrs(vals, { '#a': 'x', '#b': 'x' })),
      /overlap with each other; .*path one: \[x\], path two: \[x\]$/,
    );
  });

  it('checks functions and operand types', () => {
    expectValidation(() => parseUpdateExpression('SET a = f(b)', attrs()), 'Invalid UpdateExpression: Invalid function name; function: f');
    expectValidation(
      () => parseUpdateExpression('SET a = size(b)', attrs()),
      'Invalid UpdateExpression: The function is not allowed in an update expression; function: size',
    );
    expectValidation(
      () => parseUpdateExpression('SET a = list_append(:v)', attrs({ ':v': { L: [] } })),
      'Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1',
    );
    expectValidation(
      () => parseUpdateExpression('SET a = :s + :v', attrs({ ':s': { S: 'dog' }, ':v': { N: '3' } })),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S',
    );
    expectValidation(
      () => parseUpdateExpression('SET b = if_not_exists(:v, :w)', attrs(vals)),
      'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists',
    );
    expectValidation(
      () => parseUpdateExpression('ADD a :s', attrs({ ':s': { S: 'hello' } })),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
    expectValidation(
      () => parseUpdateExpression('DELETE a :n', attrs({ ':n': { N: '1' } })),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER',
    );
    expectValidation(
      () => parseUpdateExpression('SET a = list_append(list_append(:l, :l), :l)', attrs({ ':l': { L: [] } })),
      'Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append',
    );
  });

  it('allows list_append over if_not_exists, the common append-or-create idiom', () => {
    const u = parseUpdateExpression('SET l = list_append(if_not_exists(l, :empty), :new)', attrs({ ':empty': { L: [] }, ':new': { L: [{ S: 'x' }] } }));
    expect(u.actions[0]).toMatchObject({ action: 'SET', value: { kind: 'list_append', left: { kind: 'if_not_exists', path: ['l'] } } });
  });
});

describe('parse cache', () => {
  it('reuses the parse of a repeated text while binding fresh values', () => {
    const text = 'cached_attr = :v';
    const before = parseCacheSize();
    const first = parseConditionExpression(text, attrs({ ':v': { S: 'one' } }));
    const afterFirst = parseCacheSize();
    const second = parseConditionExpression(text, attrs({ ':v': { S: 'two' } }));
    expect(afterFirst).toBe(before + 1);
    expect(parseCacheSize()).toBe(afterFirst);
    expect(first).toMatchObject({ right: { value: { S: 'one' } } });
    expect(second).toMatchObject({ right: { value: { S: 'two' } } });
  });

  it('caches failures and still reports them each time', () => {
    for (let i = 0; i < 2; i++) {
      expectValidation(() => parseConditionExpression('cached_bad = = :v', attrs(v)), /^Invalid ConditionExpression: Syntax error/);
    }
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry past its bound', async () => {
    const { LruCache } = await import('../../src/expressions/lru-cache.js');
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // 'b' is now the oldest
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });
});

describe('limits', () => {
  it('refuses an expression over 4096 bytes, counted in UTF-8', () => {
    expect(parseProjectionExpression('a'.repeat(4096), attrs())).toEqual([['a'.repeat(4096)]]);
    const text = 'a'.repeat(4094) + 'é'; // 4095 characters, 4096 bytes
    expectValidation(() => parseProjectionExpression(text + 'a', attrs()), 'Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097');
    expectValidation(() => parseProjectionExpression(text, attrs()), /^Invalid ProjectionExpression: Syntax error; token: "é"/);
  });

  it('refuses more than 300 operators and functions', () => {
    const ok = Array.from({ length: 150 }, () => 'a = :v').join(' AND '); // 150 comparisons + 149 ANDs
    expect(() => parseConditionExpression(ok, attrs(v))).not.toThrow();
    expectValidation(
      () => parseConditionExpression(`${ok} AND b = :v`, attrs(v)),
      'Invalid ConditionExpression: The expression contains too many operators; operator count: 301',
    );
  });

  it('refuses nesting deep enough to exhaust the stack, quickly', () => {
    const start = performance.now();
    expectValidation(() => parseConditionExpression('('.repeat(2000) + 'a = :v' + ')'.repeat(2000), attrs(v)), /^Invalid ConditionExpression: Syntax error; token: "\("/);
    expectValidation(() => parseUpdateExpression('SET a = ' + '('.repeat(2000) + ':v' + ')'.repeat(2000), attrs(v)), /^Invalid UpdateExpression: Syntax error; /);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
