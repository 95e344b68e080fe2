import type { Condition, Operand } from './ast.js';

/** The top-level attribute names a resolved condition reads (through paths, at any depth). */
export function conditionTopLevelNames(condition: Condition): Set<string> {
  const names = new Set<string>();
  const path = (p: readonly (string | number)[]) => {
    if (typeof p[0] === 'string') names.add(p[0]);
  };
  const operand = (o: Operand): void => {
    if (o.kind === 'path') path(o.path);
    else if (o.kind === 'size') operand(o.operand);
  };
  const walk = (c: Condition): void => {
    switch (c.kind) {
      case 'compare':
        operand(c.left);
        operand(c.right);
        return;
      case 'between':
        operand(c.subject);
        operand(c.low);
        operand(c.high);
        return;
      case 'in':
        operand(c.subject);
        c.list.forEach(operand);
        return;
      case 'and':
      case 'or':
        walk(c.left);
        walk(c.right);
        return;
      case 'not':
        walk(c.operand);
        return;
      case 'attribute_exists':
      case 'attribute_not_exists':
        path(c.path);
        return;
      case 'attribute_type':
        operand(c.subject);
        operand(c.type);
        return;
      case 'begins_with':
      case 'contains':
        operand(c.subject);
        operand(c.operand);
        return;
    }
  };
  walk(condition);
  return names;
}
