import type { AttributeMap, AttributeValue } from '@dynaring/core';
import type { DocumentPath } from './ast.js';

/** The value at a document path, or undefined when any step is missing or of the wrong type. */
export function valueAtPath(item: AttributeMap | null | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item) return undefined;
  const head = path[0];
  if (typeof head !== 'string' || !Object.prototype.hasOwnProperty.call(item, head)) return undefined;
  let current: AttributeValue | undefined = item[head];
  for (let i = 1; i < path.length && current !== undefined; i++) {
    current = child(current, path[i]!);
  }
  return current;
}

export function child(value: AttributeValue, step: string | number): AttributeValue | undefined {
  if (typeof step === 'number') return 'L' in value ? value.L[step] : undefined;
  if (!('M' in value) || !Object.prototype.hasOwnProperty.call(value.M, step)) return undefined;
  return value.M[step];
}

/** DynamoDB's rendering of a path in messages: [a, b, [3]]. */
export function formatPath(path: DocumentPath): string {
  return '[' + path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join(', ') + ']';
}

/**
 * How two paths touch: 'overlap' when one is a prefix of (or equal to) the other, 'conflict'
 * when they agree up to a step where one indexes a list and the other a map key (a.b vs a[1]).
 */
export function pathRelation(a: DocumentPath, b: DocumentPath): 'overlap' | 'conflict' | 'disjoint' {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (typeof a[i] !== typeof b[i]) return 'conflict';
    if (a[i] !== b[i]) return 'disjoint';
  }
  return 'overlap';
}

/**
 * Finds the first overlapping pair and the first conflicting pair (each path compared with the
 * ones before it). DynamoDB reports an overlap before a conflict.
 */
export function firstPathClash(paths: readonly DocumentPath[]): string | undefined {
  let conflict: string | undefined;
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      const relation = pathRelation(paths[i]!, paths[j]!);
      const pair = `must remove or rewrite one of these paths; path one: ${formatPath(paths[i]!)}, path two: ${formatPath(paths[j]!)}`;
      if (relation === 'overlap') return `Two document paths overlap with each other; ${pair}`;
      if (relation === 'conflict' && conflict === undefined) conflict = `Two document paths conflict with each other; ${pair}`;
    }
  }
  return conflict;
}
