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

const PARSE_CACHE_ENTRIES = 4096;
const cache = new LruCache<string, Parsed>(PARSE_CACHE_ENTRIES);

function cached<T extends RawCondition | RawUpdateAction[] | RawPath[]>(kind: string, text: string, parse: () => T): T {
  const key = `${kind}\u0000${text}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = { ok: true, tree: parse() };
    } catch (e) {
      if (!(e instanceof DynamoApiError)) throw e;
      entry = { ok: false, message: e.message };
    }
    cache.set(key, entry);
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
export const parseCacheSize = () => cache.size;

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
