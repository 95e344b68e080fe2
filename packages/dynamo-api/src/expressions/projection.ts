import type { AttributeMap, AttributeValue } from '@dynaring/core';
import type { DocumentPath } from './ast.js';
import { child } from './document-path.js';

/** The part of the item each path selects, merged into one tree. */
type Node =
  | { kind: 'leaf'; value: AttributeValue }
  | { kind: 'M'; children: Map<string, Node> }
  | { kind: 'L'; children: Map<number, Node> };

/**
 * ProjectionExpression semantics: each path that exists in the item is copied with the
 * structure above it; selected list elements keep their relative order but are compacted
 * (a[2] of [x, y, z] projects to [z]). Paths absent from the item contribute nothing.
 */
export function project(item: AttributeMap | null | undefined, paths: readonly DocumentPath[]): AttributeMap {
  const root = new Map<string, Node>();
  if (!item) return {};
  for (const path of paths) insert(root, item, path);
  const out: AttributeMap = {};
  for (const [name, node] of root) out[name] = materialize(node);
  return out;
}

function insert(root: Map<string, Node>, item: AttributeMap, path: DocumentPath): void {
  const head = path[0] as string;
  if (!Object.prototype.hasOwnProperty.call(item, head)) return;
  // Collect the values along the path first: nothing is inserted for a path that is absent.
  const values: AttributeValue[] = [item[head]!];
  for (let i = 1; i < path.length; i++) {
    const next = child(values[i - 1]!, path[i]!);
    if (next === undefined) return;
    values.push(next);
  }
  let children: Map<string | number, Node> = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const isLast = i === path.length - 1;
    if (isLast) {
      children.set(step, { kind: 'leaf', value: values[i]! });
      return;
    }
    let node = children.get(step);
    if (node === undefined) {
      node = typeof path[i + 1] === 'number' ? { kind: 'L', children: new Map() } : { kind: 'M', children: new Map() };
      children.set(step, node);
    }
    // A whole value already selected by a shorter path covers this one (overlaps are refused
    // when binding, but projections built internally from update paths may nest).
    if (node.kind === 'leaf') return;
    children = node.children as Map<string | number, Node>;
  }
}

function materialize(node: Node): AttributeValue {
  switch (node.kind) {
    case 'leaf':
      return node.value;
    case 'M': {
      const m: AttributeMap = {};
      for (const [k, v] of node.children) m[k] = materialize(v);
      return { M: m };
    }
    case 'L':
      return { L: [...node.children.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => materialize(v)) };
  }
}
