import { typeOf, type AttributeType, type AttributeValue } from '@dynaring/core';
import type {
  Condition,
  DocumentPath,
  ExpressionKind,
  Operand,
  RawCall,
  RawCondition,
  RawOperand,
  RawPath,
  RawSetValue,
  RawUpdateAction,
  UpdateAction,
  UpdateExpression,
  UpdateValue,
} from './ast.js';
import { firstPathClash, formatPath } from './document-path.js';
import { ExpressionAttributes, undefinedName, undefinedValue } from './expression-attributes.js';
import { FirstErrors } from './first-errors.js';
import { CONDITION_FUNCTIONS, UPDATE_FUNCTIONS } from './parser.js';
import { compareScalars, isOrderable } from './value-compare.js';

/**
 * Binding turns a cached raw tree into a resolved one for one request: placeholders are
 * looked up (and marked used), and the checks that need the values' types run here, reported
 * in DynamoDB's order of passes.
 */

const PLACEHOLDER = { NULL: true } as const; // stands in for an undefined value; the bind then throws

const ALL_TYPES = ['S', 'N', 'B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'NS', 'M'];

const incorrectOperand = (fn: string, type: string) =>
  `Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${type}`;
const operandCount = (fn: string, n: number) =>
  `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${n}`;
const needsPath = (fn: string) => `Operator or function requires a document path; operator or function: ${fn}`;

function render(v: AttributeValue): string {
  const t = typeOf(v);
  return `{${t}:${(v as Record<string, unknown>)[t]}}`;
}

class Binder<C extends string> {
  readonly errors = new FirstErrors<C>();

  constructor(
    private readonly attrs: ExpressionAttributes,
    private readonly nameCategory: C,
    private readonly valueCategory: C,
  ) {}

  path(raw: RawPath): DocumentPath {
    return raw.elements.map((e) => {
      if (e.kind === 'attr') return e.name;
      if (e.kind === 'index') return e.index;
      const name = this.attrs.name(e.ref);
      if (name === undefined) {
        this.errors.record(this.nameCategory, undefinedName(e.ref));
        return e.ref;
      }
      return name;
    });
  }

  value(ref: string): AttributeValue {
    const v = this.attrs.value(ref);
    if (v === undefined) {
      this.errors.record(this.valueCategory, undefinedValue(ref));
      return PLACEHOLDER;
    }
    return v;
  }
}

// ---- conditions ----

type ConditionCategory = 'attrNameVal' | 'operand' | 'distinct' | 'function';

/** The type an operand is known to have before any item is seen (a value's, or size()'s N). */
function staticType(o: Operand): AttributeType | undefined {
  if (o.kind === 'value') return typeOf(o.value);
  if (o.kind === 'size') return 'N';
  return undefined;
}

const samePath = (a: Operand, b: Operand) =>
  a.kind === 'path' && b.kind === 'path' && a.path.length === b.path.length && a.path.every((p, i) => p === b.path[i]);

class ConditionBinder extends Binder<ConditionCategory> {
  constructor(attrs: ExpressionAttributes) {
    super(attrs, 'attrNameVal', 'attrNameVal');
  }

  distinct(op: string, a: Operand, b: Operand): void {
    if (samePath(a, b)) {
      this.errors.record(
        'distinct',
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${formatPath((a as { path: DocumentPath }).path)}`,
      );
    }
  }

  arity(call: RawCall): void {
    const expected = CONDITION_FUNCTIONS.get(call.name) ?? UPDATE_FUNCTIONS.get(call.name);
    if (expected !== undefined && expected !== call.args.length) {
      this.errors.record('operand', operandCount(call.name, call.args.length));
    }
  }

  operand(raw: RawOperand): Operand {
    switch (raw.kind) {
      case 'path':
        return { kind: 'path', path: this.path(raw) };
      case 'value':
        return { kind: 'value', value: this.value(raw.ref) };
      case 'call': {
        // Only size() reaches here: the parser already refused other functions as operands.
        const args = raw.args.map((a) => this.operand(a));
        this.arity(raw);
        const t = staticType(args[0]!);
        if (t === 'N' || t === 'BOOL' || t === 'NULL') this.errors.record('function', incorrectOperand('size', t));
        return { kind: 'size', operand: args[0]! };
      }
    }
  }

  ordered(op: string, operands: Operand[]): void {
    for (const o of operands) {
      if (o.kind === 'value' && !isOrderable(o.value)) {
        this.errors.record('function', incorrectOperand(op, typeOf(o.value)));
      }
    }
  }

  condition(raw: RawCondition): Condition {
    switch (raw.kind) {
      case 'and':
      case 'or':
        return { kind: raw.kind, left: this.condition(raw.left), right: this.condition(raw.right) };
      case 'not':
        return { kind: 'not', operand: this.condition(raw.operand) };
      case 'compare': {
        const left = this.operand(raw.left);
        const right = this.operand(raw.right);
        this.distinct(raw.op, left, right);
        if (raw.op !== '=' && raw.op !== '<>') this.ordered(raw.op, [left, right]);
        return { kind: 'compare', op: raw.op, left, right };
      }
      case 'between': {
        const subject = this.operand(raw.subject);
        const low = this.operand(raw.low);
        const high = this.operand(raw.high);
        this.ordered('BETWEEN', [subject, low, high]);
        if (low.kind === 'value' && high.kind === 'value' && isOrderable(low.value) && isOrderable(high.value)) {
          const bounds = `lower bound operand: AttributeValue: ${render(low.value)}, upper bound operand: AttributeValue: ${render(high.value)}`;
          if (typeOf(low.value) !== typeOf(high.value)) {
            this.errors.record('function', `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
          } else if (compareScalars(low.value, high.value) > 0) {
            this.errors.record('function', `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
          }
        }
        return { kind: 'between', subject, low, high };
      }
      case 'in': {
        const subject = this.operand(raw.subject);
        const list = raw.list.map((o) => this.operand(o));
        // DynamoDB counts the subject too: 99 listed values is the most it takes (as Alternator's tests found).
        const operands = list.length + 1;
        if (operands > 100) {
          this.errors.record('operand', `The IN operator is provided with too many operands; number of operands: ${operands}`);
        }
        return { kind: 'in', subject, list };
      }
      case 'function':
        return this.functionCondition(raw.call);
    }
  }

  private functionCondition(call: RawCall): Condition {
    const args = call.args.map((a) => this.operand(a));
    this.arity(call);
    const [a, b] = [args[0]!, args[1] ?? args[0]!];
    switch (call.name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (a.kind !== 'path') {
          this.errors.record('function', needsPath(call.name));
          return { kind: call.name, path: [] };
        }
        return { kind: call.name, path: a.path };
      case 'attribute_type': {
        if (args.length === 2) this.distinct(call.name, a, b);
        const typeName = b.kind === 'value' && 'S' in b.value ? b.value.S : undefined;
        if (typeName === undefined) {
          const t = b.kind === 'value' ? typeOf(b.value) : '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}';
          this.errors.record('function', incorrectOperand(call.name, t));
        } else if (!ALL_TYPES.includes(typeName)) {
          this.errors.record(
            'function',
            `Invalid attribute type name found; type: ${typeName}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
          );
        }
        return { kind: 'attribute_type', subject: a, type: b };
      }
      case 'begins_with':
      case 'contains':
        if (args.length === 2) this.distinct(call.name, a, b);
        if (call.name === 'begins_with') {
          for (const o of args) {
            const t = staticType(o);
            if (t !== undefined && t !== 'S' && t !== 'B') this.errors.record('function', incorrectOperand(call.name, t));
          }
        }
        return { kind: call.name, subject: a, operand: b };
      default:
        // Unknown and misplaced functions were refused by the parser.
        throw new Error(`unexpected function ${call.name}`);
    }
  }
}

export function bindCondition(raw: RawCondition, kind: ExpressionKind, attrs: ExpressionAttributes): Condition {
  const binder = new ConditionBinder(attrs);
  const condition = binder.condition(raw);
  binder.errors.throwFirst(kind, ['attrNameVal', 'operand', 'distinct', 'function']);
  return condition;
}

// ---- updates ----

type UpdateCategory = 'attrName' | 'attrVal' | 'pathClash' | 'operand' | 'function';

const LONG_TYPE_NAMES: Partial<Record<AttributeType, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
  L: 'LIST',
  M: 'MAP',
};

class UpdateBinder extends Binder<UpdateCategory> {
  constructor(attrs: ExpressionAttributes) {
    super(attrs, 'attrName', 'attrVal');
  }

  private requireType(fn: string, v: UpdateValue, type: AttributeType): void {
    if (v.kind === 'value' && typeOf(v.value) !== type) {
      this.errors.record('function', incorrectOperand(fn, typeOf(v.value)));
    }
  }

  operand(raw: RawOperand): UpdateValue {
    switch (raw.kind) {
      case 'path':
        return { kind: 'path', path: this.path(raw) };
      case 'value':
        return { kind: 'value', value: this.value(raw.ref) };
      case 'call': {
        const args = raw.args.map((a) => this.operand(a));
        if (args.length !== 2) this.errors.record('function', operandCount(raw.name, args.length));
        const [a, b] = [args[0]!, args[1] ?? args[0]!];
        if (raw.name === 'if_not_exists') {
          if (a.kind !== 'path') {
            this.errors.record('function', needsPath(raw.name));
            return b;
          }
          return { kind: 'if_not_exists', path: a.path, fallback: b };
        }
        this.requireType(raw.name, a, 'L');
        this.requireType(raw.name, b, 'L');
        return { kind: 'list_append', left: a, right: b };
      }
    }
  }

  setValue(raw: RawSetValue): UpdateValue {
    if (raw.kind !== 'arith') return this.operand(raw);
    const left = this.operand(raw.left);
    const right = this.operand(raw.right);
    this.requireType(raw.op, left, 'N');
    this.requireType(raw.op, right, 'N');
    return { kind: raw.op, left, right };
  }

  action(raw: RawUpdateAction): UpdateAction {
    const path = this.path(raw.path);
    switch (raw.action) {
      case 'SET':
        return { action: 'SET', path, value: this.setValue(raw.value) };
      case 'REMOVE':
        return { action: 'REMOVE', path };
      case 'ADD':
      case 'DELETE': {
        const value = this.value(raw.value.ref);
        const t = typeOf(value);
        const allowed = t === 'SS' || t === 'NS' || t === 'BS' || (raw.action === 'ADD' && t === 'N');
        if (!allowed && value !== PLACEHOLDER) {
          this.errors.record(
            'operand',
            `Incorrect operand type for operator or function; operator: ${raw.action}, operand type: ${LONG_TYPE_NAMES[t] ?? t}`,
          );
        }
        return { action: raw.action, path, value };
      }
    }
  }
}

export function bindUpdate(raw: readonly RawUpdateAction[], attrs: ExpressionAttributes): UpdateExpression {
  const binder = new UpdateBinder(attrs);
  const actions = raw.map((a) => binder.action(a));
  const clash = firstPathClash(actions.map((a) => a.path));
  if (clash) binder.errors.record('pathClash', clash);
  binder.errors.throwFirst('UpdateExpression', ['attrName', 'attrVal', 'pathClash', 'operand', 'function']);
  return { actions };
}

// ---- projections ----

export function bindProjection(raw: readonly RawPath[], attrs: ExpressionAttributes): DocumentPath[] {
  const binder = new Binder<'attrName' | 'pathClash'>(attrs, 'attrName', 'attrName');
  const paths = raw.map((p) => binder.path(p));
  const clash = firstPathClash(paths);
  if (clash) binder.errors.record('pathClash', clash);
  binder.errors.throwFirst('ProjectionExpression', ['attrName', 'pathClash']);
  return paths;
}
