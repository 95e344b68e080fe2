import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '@dynaring/core';
import { parseProjectionExpression, project } from '../../src/expressions/index.js';
import { attrs, expectValidation } from './helpers.js';

const profile: AttributeMap = {
  id: { S: 'u-1' },
  nick: { S: 'ada' },
  emails: { L: [{ S: 'a@x.org' }, { S: 'b@x.org' }, { S: 'c@x.org' }] },
  settings: { M: { theme: { S: 'dark' }, alerts: { M: { mail: { BOOL: true }, sms: { BOOL: false } } } } },
  history: { L: [{ M: { ts: { N: '1' }, what: { S: 'login' } } }, { M: { ts: { N: '2' }, what: { S: 'logout' } } }] },
};

const select = (text: string, names: Record<string, string> = {}) => project(profile, parseProjectionExpression(text, attrs({}, names)));

describe('ProjectionExpression', () => {
  it('selects top-level attributes and skips absent ones', () => {
    expect(select('id, nick, ghost')).toEqual({ id: profile.id, nick: profile.nick });
  });

  it('keeps the structure of nested paths and merges siblings', () => {
    expect(select('settings.alerts.sms, settings.theme')).toEqual({
      settings: { M: { alerts: { M: { sms: { BOOL: false } } }, theme: { S: 'dark' } } },
    });
  });

  it('compacts selected list elements in index order', () => {
    expect(select('emails[2], emails[0], emails[7]')).toEqual({ emails: { L: [{ S: 'a@x.org' }, { S: 'c@x.org' }] } });
    expect(select('history[1].what, history[0].ts')).toEqual({
      history: { L: [{ M: { ts: { N: '1' } } }, { M: { what: { S: 'logout' } } }] },
    });
  });

  it('resolves name placeholders, including names with dots', () => {
    const item: AttributeMap = { 'a.b': { N: '1' } };
    expect(project(item, parseProjectionExpression('#ab', attrs({}, { '#ab': 'a.b' })))).toEqual(item);
  });

  it('refuses overlapping and conflicting paths', () => {
    expectValidation(
      () => select('settings, settings.theme'),
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [settings], path two: [settings, theme]',
    );
    expectValidation(
      () => select('emails[0], emails.x'),
      'Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [emails, [0]], path two: [emails, x]',
    );
  });
});
