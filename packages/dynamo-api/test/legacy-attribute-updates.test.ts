import type { AttributeMap } from '@dynaring/core';
import { describe, expect, it } from 'vitest';
import { checkAttributeUpdates, compileAttributeUpdates, type AttributeValueUpdate } from '../src/legacy/index.js';

const P = 'One or more parameter values were invalid: ';

const compile = (updates: Record<string, AttributeValueUpdate>) => compileAttributeUpdates(checkAttributeUpdates(updates), ['pk']);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const current: AttributeMap = { pk: { S: 'k' }, n: { N: '5' }, ss: { SS: ['a', 'b'] }, l: { L: [{ S: 'x' }] }, s: { S: 'v' } };

describe('AttributeUpdates', () => {
  it('PUT replaces (and is the default action) without reading the item', () => {
    const update = compile({ s: { Value: { S: 'w' } }, t: { Action: 'PUT', Value: { N: '1' } } });
    expect(update.readsItem).toBe(false);
    const r = update.apply(current);
    expect(r.item.s).toEqual({ S: 'w' });
    expect(r.item.t).toEqual({ N: '1' });
    expect(r.updatedOld).toEqual({ s: { S: 'v' } });
    expect(r.updatedNew).toEqual({ s: { S: 'w' }, t: { N: '1' } });
  });

  it('ADD sums numbers, unions sets, appends to lists, and creates missing attributes', () => {
    const update = compile({
      n: { Action: 'ADD', Value: { N: '-1.5' } },
      ss: { Action: 'ADD', Value: { SS: ['b', 'c'] } },
      l: { Action: 'ADD', Value: { L: [{ S: 'y' }] } },
      fresh: { Action: 'ADD', Value: { N: '3' } },
    });
    expect(update.readsItem).toBe(true);
    const r = update.apply(current);
    expect(r.item.n).toEqual({ N: '3.5' });
    expect(r.item.ss).toEqual({ SS: ['a', 'b', 'c'] });
    expect(r.item.l).toEqual({ L: [{ S: 'x' }, { S: 'y' }] });
    expect(r.item.fresh).toEqual({ N: '3' });
    expect(compile({ n: { Action: 'ADD', Value: { N: '2' } } }).apply(null).item).toEqual({ n: { N: '2' } });
  });

  it('DELETE removes an attribute, or set elements (the attribute goes when emptied)', () => {
    const r = compile({ s: { Action: 'DELETE' }, ss: { Action: 'DELETE', Value: { SS: ['a', 'b'] } } }).apply(current);
    expect(r.item).not.toHaveProperty('s');
    expect(r.item).not.toHaveProperty('ss');
    expect([...r.touched].sort()).toEqual(['s', 'ss']);
    expect(r.updatedNew).toEqual({});
    expect(compile({ ss: { Action: 'DELETE', Value: { SS: ['a'] } } }).apply(current).item.ss).toEqual({ SS: ['b'] });
  });

  it('refuses a type mismatch with the current value', () => {
    expect(messageOf(() => compile({ s: { Action: 'ADD', Value: { N: '1' } } }).apply(current))).toBe('Type mismatch for attribute to update');
    expect(messageOf(() => compile({ n: { Action: 'DELETE', Value: { NS: ['5'] } } }).apply(current))).toBe(
      'Type mismatch for attribute to update',
    );
  });

  it('checks actions against value types', () => {
    expect(messageOf(() => checkAttributeUpdates({ a: { Action: 'PUT' } }))).toBe(
      `${P}Only DELETE action is allowed when no attribute value is specified`,
    );
    expect(messageOf(() => checkAttributeUpdates({ a: { Action: 'DELETE', Value: { S: 'x' } } }))).toBe(
      `${P}DELETE action with value is not supported for the type S`,
    );
    expect(messageOf(() => checkAttributeUpdates({ a: { Action: 'ADD', Value: { S: 'x' } } }))).toBe(
      `${P}ADD action is not supported for the type S`,
    );
  });

  it('refuses updating a key attribute', () => {
    expect(messageOf(() => compile({ pk: { Value: { S: 'x' } } }))).toBe(`${P}Cannot update attribute pk. This attribute is part of the key`);
  });
});
