import { DynamoApiError, validation } from '../errors.js';
import type { Condition, DocumentPath, RawCondition, RawPath, RawUpdateAction, UpdateExpression } from './ast.js';
import { bindCondition, bindProjection, bindUpdate } from './bind.js';
import type { ExpressionAttributes } from './expression-attributes.js';
import { keyConditionShape, type KeyCondition } from './key-condition.js';
import { LruCache } from './lru-cache.js';
import { parseConditionText, parseProjectionText, parseUpdateText } from './parser.js';

/**
 * The expression language's entry points. Each `parse...Expression` parses the text (cached
 * by text), then binds it to the request's placeholders, marking the ones it uses; after all
 * of a request's expressions are parsed, call `attrs.assertAllUsed()`.
 */

type Parsed =
  | { readonly ok: true; readonly tree: RawCondition | RawUpdateAction[] | RawPath[] }
  | { readonly ok: false; readonly message: string };

type CacheKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

/**
 * One cache per kind of expression (the same text parses differently, or fails with other
 * messages, per kind), keyed by the text itself: a key built by concatenation would be a new
 * string to hash on every request.
 */
const PARSE_CACHE_ENTRIES_PER_KIND = 1024;
const caches = new Map<CacheKind, LruCache<string, Parsed>>();

function cacheOf(kind: CacheKind): LruCache<string, Parsed> {
  let cache = caches.get(kind);
  if (!cache) caches.set(kind, (cache = new LruCache<string, Parsed>(PARSE_CACHE_ENTRIES_PER_KIND)));
  return cache;
}

function cached<T extends RawCondition | RawUpdateAction[] | RawPath[]>(kind: CacheKind, text: string, parse: () => T): T {
  const cache = cacheOf(kind);
  let entry = cache.get(text);
  if (entry === undefined) {
    try {
      entry = { ok: true, tree: parse() };
    } catch (e) {
      if (!(e instanceof DynamoApiError)) throw e;
      entry = { ok: false, message: e.message };
    }
    cache.set(text, entry);
  }
  // Errors are cached too: a client retrying a broken expression should not cost a parse.
  if (!entry.ok) throw validation(entry.message);
  return entry.tree as T;
}

export function parseConditionExpression(
  text: string,
  attrs: ExpressionAttributes,
  kind: 'ConditionExpression' | 'FilterExpression' = 'ConditionExpression',
): Condition {
  return bindCondition(cached(kind, text, () => parseConditionText(text, kind)), kind, attrs);
}

export function parseKeyConditionExpression(text: string, attrs: ExpressionAttributes): KeyCondition {
  const kind = 'KeyConditionExpression';
  return keyConditionShape(bindCondition(cached(kind, text, () => parseConditionText(text, kind)), kind, attrs));
}

export function parseUpdateExpression(text: string, attrs: ExpressionAttributes): UpdateExpression {
  return bindUpdate(cached('UpdateExpression', text, () => parseUpdateText(text)), attrs);
}

export function parseProjectionExpression(text: string, attrs: ExpressionAttributes): DocumentPath[] {
  return bindProjection(cached('ProjectionExpression', text, () => parseProjectionText(text)), attrs);
}

/** For tests and metrics. */
export const parseCacheSize = () => {
  let size = 0;
  for (const cache of caches.values()) size += cache.size;
  return size;
};

export type {
  CompareOp,
  Condition,
  DocumentPath,
  ExpressionKind,
  Operand,
  PathElement,
  UpdateAction,
  UpdateExpression,
  UpdateValue,
} from './ast.js';
export { ExpressionAttributes } from './expression-attributes.js';
export { evaluateCondition } from './evaluate-condition.js';
export { conditionTopLevelNames } from './condition-attributes.js';
export { applyUpdate, assertKeyNotUpdated, updateReadsItem, type UpdateResult } from './apply-update.js';
export { project } from './projection.js';
export { valueAtPath } from './document-path.js';
export {
  resolveKeyCondition,
  type KeyCondition,
  type KeyConditionPart,
  type KeyRangeOp,
  type ResolvedKeyCondition,
} from './key-condition.js';
export { isReservedWord } from './reserved-words.js';
