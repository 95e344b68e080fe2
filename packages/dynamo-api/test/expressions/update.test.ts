import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '@dynaring/core';
import { applyUpdate, parseUpdateExpression, updateReadsItem, type UpdateResult } from '../../src/expressions/index.js';
import { attrs, expectValidation } from './helpers.js';

const KEYS = ['pk', 'sk'];

/** A shopping cart. */
const cart = (): AttributeMap => ({
  pk: { S: 'user#7' },
  sk: { S: 'cart' },
  visits: { N: '3' },
  labels: { SS: ['new', 'promo'] },
  products: { L: [{ S: 'apple' }, { S: 'pear' }, { S: 'plum' }] },
  meta: { M: { created: { S: '2024-01-01' }, nested: { M: { deep: { N: '1' } } } } },
  title: { S: 'My cart' },
});

const update = (text: string, item: AttributeMap | null, values: AttributeMap = {}, names: Record<string, string> = {}): UpdateResult =>
  applyUpdate(parseUpdateExpression(text, attrs(values, names)), item, KEYS);

describe('SET', () => {
  it('sets top-level and nested values and reports touched attributes', () => {
    const r = update('SET title = :t, meta.nested.deep = :d', cart(), { ':t': { S: 'Renamed' }, ':d': { N: '2' } });
    expect(r.item.title).toEqual({ S: 'Renamed' });
    expect(r.item.meta).toEqual({ M: { created: { S: '2024-01-01' }, nested: { M: { deep: { N: '2' } } } } });
    expect([...r.updatedTopLevel].sort()).toEqual(['meta', 'title']);
    expect(r.removedTopLevel.size).toBe(0);
  });

  it('does not mutate the input item', () => {
    const before = cart();
    update('SET meta.nested.deep = :d REMOVE products[0]', before, { ':d': { N: '9' } });
    expect(before).toEqual(cart());
  });

  it('adds and subtracts numbers exactly', () => {
    const r = update('SET visits = visits + :one, score = :a - :b', cart(), {
      ':one': { N: '1' },
      ':a': { N: '0.3' },
      ':b': { N: '0.1' },
    });
    expect(r.item.visits).toEqual({ N: '4' });
    expect(r.item.score).toEqual({ N: '0.2' });
  });

  it('reads every right-hand side from the item before the update', () => {
    const r = update('SET visits = :v, duplicate = visits', cart(), { ':v': { N: '100' } });
    expect(r.item.duplicate).toEqual({ N: '3' });
  });

  it('list_append and if_not_exists', () => {
    const r = update('SET products = list_append(products, :more), fresh = list_append(if_not_exists(fresh, :empty), :more), visits = if_not_exists(visits, :zero)', cart(), {
      ':more': { L: [{ S: 'kiwi' }] },
      ':empty': { L: [] },
      ':zero': { N: '0' },
    });
    expect(r.item.products).toEqual({ L: [{ S: 'apple' }, { S: 'pear' }, { S: 'plum' }, { S: 'kiwi' }] });
    expect(r.item.fresh).toEqual({ L: [{ S: 'kiwi' }] });
    expect(r.item.visits).toEqual({ N: '3' });
  });

  it('appends when setting past the end of a list, in index order', () => {
    const r = update('SET products[84] = :a, products[17] = :b', cart(), { ':a': { S: 'a84' }, ':b': { S: 'b17' } });
    expect(r.item.products).toEqual({ L: [{ S: 'apple' }, { S: 'pear' }, { S: 'plum' }, { S: 'b17' }, { S: 'a84' }] });
  });

  it('refers list indexes to the positions before the update', () => {
    const r = update('SET products[2] = :x REMOVE products[0]', cart(), { ':x': { S: 'grape' } });
    expect(r.item.products).toEqual({ L: [{ S: 'pear' }, { S: 'grape' }] });
  });

  it('fails on a missing operand, a wrong type, or a path through nothing', () => {
    expectValidation(() => update('SET a = nothing', cart()), 'The provided expression refers to an attribute that does not exist in the item');
    expectValidation(() => update('SET a = title + :n', cart(), { ':n': { N: '1' } }), 'An operand in the update expression has an incorrect data type');
    expectValidation(() => update('SET a = list_append(title, :l)', cart(), { ':l': { L: [] } }), 'An operand in the update expression has an incorrect data type');
    expectValidation(() => update('SET title.x = :n', cart(), { ':n': { N: '1' } }), 'The document path provided in the update expression is invalid for update');
    expectValidation(() => update('SET nothing[0] = :n', null, { ':n': { N: '1' } }), 'The document path provided in the update expression is invalid for update');
  });

  it('reports number overflow with DynamoDB\'s message', () => {
    expectValidation(
      () => update('SET visits = visits + :big', cart(), { ':big': { N: '9.9999999999999999999999999999999999999E+125' } }),
      /^Number overflow/,
    );
  });
});

describe('REMOVE', () => {
  it('removes attributes, map entries and list elements', () => {
    const r = update('REMOVE title, meta.created, products[1], products[9]', cart());
    expect(r.item.title).toBeUndefined();
    expect(r.item.meta).toEqual({ M: { nested: { M: { deep: { N: '1' } } } } });
    expect(r.item.products).toEqual({ L: [{ S: 'apple' }, { S: 'plum' }] });
    expect([...r.removedTopLevel]).toEqual(['title']);
    expect([...r.updatedTopLevel].sort()).toEqual(['meta', 'products']);
  });

  it('ignores absent leaves but not absent parents, except on a missing item', () => {
    expect(update('REMOVE meta.absent, ghost', cart()).item.meta).toEqual(cart().meta);
    expectValidation(() => update('REMOVE ghost.x', cart()), 'The document path provided in the update expression is invalid for update');
    expect(update('REMOVE ghost.x', null).item).toEqual({});
  });
});

describe('ADD and DELETE', () => {
  it('adds to numbers and sets, creating them when absent', () => {
    const r = update('ADD visits :n, labels :l, tally :n, fresh :l', cart(), { ':n': { N: '5' }, ':l': { SS: ['promo', 'vip'] } });
    expect(r.item.visits).toEqual({ N: '8' });
    expect(r.item.labels).toEqual({ SS: ['new', 'promo', 'vip'] });
    expect(r.item.tally).toEqual({ N: '5' });
    expect(r.item.fresh).toEqual({ SS: ['promo', 'vip'] });
  });

  it('refuses ADD onto a different type', () => {
    expectValidation(() => update('ADD title :n', cart(), { ':n': { N: '1' } }), 'An operand in the update expression has an incorrect data type');
    expectValidation(() => update('ADD labels :ns', cart(), { ':ns': { NS: ['1'] } }), 'An operand in the update expression has an incorrect data type');
  });

  it('deletes set elements and removes a set that becomes empty', () => {
    const r1 = update('DELETE labels :l', cart(), { ':l': { SS: ['promo', 'absent'] } });
    expect(r1.item.labels).toEqual({ SS: ['new'] });
    const r2 = update('DELETE labels :l', cart(), { ':l': { SS: ['promo', 'new'] } });
    expect(r2.item.labels).toBeUndefined();
    expect(r2.removedTopLevel.has('labels')).toBe(true);
    expect(update('DELETE ghost :l', cart(), { ':l': { SS: ['x'] } }).item.ghost).toBeUndefined();
  });
});

describe('keys and ReturnValues', () => {
  it('refuses to update a key attribute', () => {
    expectValidation(
      () => update('SET sk = :v', cart(), { ':v': { S: 'x' } }),
      'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
    );
    expectValidation(() => update('REMOVE pk', cart()), /Cannot update attribute pk/);
  });

  it('projects UPDATED_OLD and UPDATED_NEW down to the updated paths', () => {
    const r = update('SET meta.nested.deep = :d, products[1] = :p REMOVE title', cart(), { ':d': { N: '2' }, ':p': { S: 'peach' } });
    expect(r.updatedOld).toEqual({
      meta: { M: { nested: { M: { deep: { N: '1' } } } } },
      products: { L: [{ S: 'pear' }] },
      title: { S: 'My cart' },
    });
    expect(r.updatedNew).toEqual({ meta: { M: { nested: { M: { deep: { N: '2' } } } } }, products: { L: [{ S: 'peach' }] } });
  });

  it('creates the item when it did not exist', () => {
    const r = update('SET a = :v ADD n :one', null, { ':v': { S: 'x' }, ':one': { N: '1' } });
    expect(r.item).toEqual({ a: { S: 'x' }, n: { N: '1' } });
    expect(r.updatedOld).toEqual({});
  });

  it('tells whether the update must read the item first', () => {
    const needs = (text: string, values: AttributeMap = { ':v': { N: '1' } }) => updateReadsItem(parseUpdateExpression(text, attrs(values)));
    expect(needs('SET a = :v REMOVE b')).toBe(false);
    expect(needs('SET a = a + :v')).toBe(true);
    expect(needs('SET a.b = :v')).toBe(true);
    expect(needs('ADD a :v')).toBe(true);
  });
});
