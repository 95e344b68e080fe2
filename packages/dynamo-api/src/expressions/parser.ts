import { DynamoApiError } from '../errors.js';
import type {
  CompareOp,
  ExpressionKind,
  RawCall,
  RawCondition,
  RawOperand,
  RawPath,
  RawPathElement,
  RawSetValue,
  RawUpdateAction,
  RawValueRef,
} from './ast.js';
import { FirstErrors, invalidExpression } from './first-errors.js';
import { isReservedWord } from './reserved-words.js';
import { tokenize, type Token } from './tokenizer.js';

/**
 * Hand-written recursive-descent parser for the five expression kinds. It produces raw trees
 * (placeholders unresolved) and reports what can be known from the text alone: syntax errors
 * immediately, and "static" problems (reserved words, unknown functions, redundant
 * parentheses, repeated update sections) after the whole text parsed, in DynamoDB's order.
 */

export const MAX_PATH_DEPTH = 32;
/** DynamoDB's limits on any one expression: its UTF-8 size, and operators plus function calls. */
export const MAX_EXPRESSION_BYTES = 4096;
export const MAX_OPERATORS = 300;
/**
 * Parentheses and function calls nested deeper than this are refused before the recursion
 * can exhaust the stack. Past 300 levels an expression always has redundant parentheses or
 * more than 300 operators, so DynamoDB refuses it too (possibly with another message).
 */
export const MAX_NESTING = 400;

export const CONDITION_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ['attribute_exists', 1],
  ['attribute_not_exists', 1],
  ['attribute_type', 2],
  ['begins_with', 2],
  ['contains', 2],
  ['size', 1],
]);
export const UPDATE_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ['if_not_exists', 2],
  ['list_append', 2],
]);

type StaticCategory = 'operators' | 'parens' | 'unknownFunction' | 'misusedFunction' | 'reserved' | 'section' | 'depth';

const CONDITION_KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const UPDATE_KEYWORDS = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);
const COMPARE_OPS = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);

/** A syntax error carries its token position so that backtracking can keep the furthest one. */
class SyntaxFailure extends Error {
  constructor(readonly at: number, readonly apiError: DynamoApiError) {
    super(apiError.message);
  }
}

class Parser {
  private readonly significant: number[] = [];
  private pos = 0;
  readonly errors = new FirstErrors<StaticCategory>();
  /** Nodes that were written inside their own parentheses, to spot "((x))". */
  private readonly parenthesized = new WeakSet<object>();
  /**
   * Where parseOperand already failed. A "(" is first tried as an operand's parenthesis and
   * then as a condition's, so without this each nesting level would rescan all the levels
   * inside it: quadratic in the depth of "((((a = :v))))".
   */
  private readonly operandFailures = new Map<number, SyntaxFailure>();
  /** Operators and function calls seen, for DynamoDB's limit of 300 per expression. */
  operators = 0;
  private depth = 0;

  constructor(
    private readonly kind: ExpressionKind,
    private readonly tokens: readonly Token[],
  ) {
    tokens.forEach((t, i) => {
      if (t.type !== 'ws') this.significant.push(i);
    });
  }

  get isEmpty(): boolean {
    return this.significant.length === 0;
  }

  // ---- token helpers ----

  private peek(offset = 0): Token | undefined {
    const i = this.significant[this.pos + offset];
    return i === undefined ? undefined : this.tokens[i];
  }

  private atPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.type === 'punct' && t.text === text;
  }

  private atKeyword(word: string): boolean {
    const t = this.peek();
    return t !== undefined && t.type === 'ident' && t.text.toUpperCase() === word;
  }

  private isKeyword(t: Token): boolean {
    if (t.type !== 'ident') return false;
    const keywords = this.kind === 'UpdateExpression' ? UPDATE_KEYWORDS : CONDITION_KEYWORDS;
    return keywords.has(t.text.toUpperCase());
  }

  private expectPunct(text: string): void {
    if (!this.atPunct(text)) throw this.syntaxError();
    this.pos++;
  }

  /** DynamoDB quotes the bad token with its neighbours: the token (and space) before and after. */
  syntaxError(): SyntaxFailure {
    const at = this.significant[this.pos] ?? this.tokens.length;
    const problem = this.tokens[at];
    const prev = this.tokens[at - 1];
    const prev2 = prev?.type === 'ws' ? this.tokens[at - 2] : undefined;
    const next = problem ? this.tokens[at + 1] : undefined;
    const next2 = next?.type === 'ws' ? this.tokens[at + 2] : undefined;
    const near = [prev2, prev, problem, next, next2].map((t) => t?.text ?? '').join('');
    const token = problem ? problem.text : '<EOF>';
    return new SyntaxFailure(
      this.pos,
      invalidExpression(this.kind, `Syntax error; token: "${token}", near: "${near}"`),
    );
  }

  expectEnd(): void {
    if (this.peek() !== undefined) throw this.syntaxError();
  }

  /** Runs alternatives in order from the same position; keeps the failure that got furthest. */
  private firstOf<T>(...alternatives: Array<() => T>): T {
    const start = this.pos;
    const saved = this.errors.snapshot();
    const operators = this.operators;
    let furthest: SyntaxFailure | undefined;
    for (const alt of alternatives) {
      try {
        return alt();
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        if (!furthest || e.at >= furthest.at) furthest = e;
        this.pos = start;
        this.errors.restore(saved);
        this.operators = operators;
      }
    }
    throw furthest!;
  }

  /** Runs one level of nesting; too deep is final (not a failure an alternative could undo). */
  private nested<T>(body: () => T): T {
    if (this.depth >= MAX_NESTING) {
      throw this.syntaxError().apiError;
    }
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  private markParenthesized(node: object): void {
    if (this.parenthesized.has(node)) {
      this.errors.record('parens', 'The expression has redundant parentheses;');
    }
    this.parenthesized.add(node);
  }

  // ---- paths and operands ----

  parsePath(): RawPath {
    const elements: RawPathElement[] = [this.parsePathName()];
    for (;;) {
      if (this.atPunct('.')) {
        this.pos++;
        elements.push(this.parsePathName());
      } else if (this.atPunct('[')) {
        this.pos++;
        const t = this.peek();
        if (t?.type !== 'number') throw this.syntaxError();
        this.pos++;
        this.expectPunct(']');
        elements.push({ kind: 'index', index: Number(t.text) });
      } else {
        break;
      }
    }
    if (elements.length > MAX_PATH_DEPTH) {
      this.errors.record('depth', `The document path has too many nesting levels; nesting levels: ${elements.length}`);
    }
    return { kind: 'path', elements };
  }

  private parsePathName(): RawPathElement {
    const t = this.peek();
    if (t?.type === 'name') {
      this.pos++;
      return { kind: 'ref', ref: t.text };
    }
    if (t?.type === 'ident' && !this.isKeyword(t)) {
      this.pos++;
      if (isReservedWord(t.text)) {
        this.errors.record('reserved', `Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
      }
      return { kind: 'attr', name: t.text };
    }
    throw this.syntaxError();
  }

  parseOperand(): RawOperand {
    const start = this.pos;
    const known = this.operandFailures.get(start);
    if (known !== undefined) throw known;
    try {
      return this.parseOperandAt();
    } catch (e) {
      if (e instanceof SyntaxFailure) this.operandFailures.set(start, e);
      throw e;
    }
  }

  private parseOperandAt(): RawOperand {
    const t = this.peek();
    if (t === undefined) throw this.syntaxError();
    if (this.atPunct('(')) {
      return this.nested(() => {
        this.pos++;
        const inner = this.parseOperand();
        this.expectPunct(')');
        this.markParenthesized(inner);
        return inner;
      });
    }
    if (t.type === 'value') {
      this.pos++;
      return { kind: 'value', ref: t.text };
    }
    if (t.type === 'ident' && !this.isKeyword(t) && this.atPunct('(', 1)) {
      return this.parseCall();
    }
    return this.parsePath();
  }

  private parseCall(): RawCall {
    const name = this.peek()!.text;
    const args = this.nested(() => {
      this.pos += 2;
      const list = [this.parseOperand()];
      while (this.atPunct(',')) {
        this.pos++;
        list.push(this.parseOperand());
      }
      this.expectPunct(')');
      return list;
    });
    this.checkFunctionName(name);
    this.operators++;
    return { kind: 'call', name, args };
  }

  private checkFunctionName(name: string): void {
    const isUpdate = this.kind === 'UpdateExpression';
    const own = isUpdate ? UPDATE_FUNCTIONS : CONDITION_FUNCTIONS;
    const other = isUpdate ? CONDITION_FUNCTIONS : UPDATE_FUNCTIONS;
    if (own.has(name)) return;
    const message = other.has(name)
      ? `The function is not allowed in ${isUpdate ? 'an update' : 'a condition'} expression; function: ${name}`
      : `Invalid function name; function: ${name}`;
    this.errors.record('unknownFunction', message);
  }

  // ---- conditions (ConditionExpression, FilterExpression, KeyConditionExpression) ----

  parseOr(): RawCondition {
    let left = this.parseAnd();
    while (this.atKeyword('OR')) {
      this.pos++;
      this.operators++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): RawCondition {
    let left = this.parseNot();
    while (this.atKeyword('AND')) {
      this.pos++;
      this.operators++;
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): RawCondition {
    if (this.atKeyword('NOT')) {
      this.pos++;
      this.operators++;
      return { kind: 'not', operand: this.parseNot() };
    }
    if (!this.atPunct('(')) return this.parseComparison();
    // "(" opens either a parenthesised operand, as in "(a) = :v", or a grouped condition.
    return this.firstOf(
      () => this.parseComparison(),
      () =>
        this.nested(() => {
          this.pos++;
          const inner = this.parseOr();
          this.expectPunct(')');
          this.markParenthesized(inner);
          return inner;
        }),
    );
  }

  private parseComparison(): RawCondition {
    const left = this.parseOperand();
    const t = this.peek();
    if (t?.type === 'punct' && COMPARE_OPS.has(t.text)) {
      this.pos++;
      this.operators++;
      return { kind: 'compare', op: t.text as CompareOp, left, right: this.parseOperand() };
    }
    if (this.atKeyword('BETWEEN')) {
      this.pos++;
      this.operators++;
      const low = this.parseOperand();
      if (!this.atKeyword('AND')) throw this.syntaxError();
      this.pos++;
      return { kind: 'between', subject: left, low, high: this.parseOperand() };
    }
    if (this.atKeyword('IN')) {
      this.pos++;
      this.operators++;
      this.expectPunct('(');
      const list = [this.parseOperand()];
      while (this.atPunct(',')) {
        this.pos++;
        list.push(this.parseOperand());
      }
      this.expectPunct(')');
      return { kind: 'in', subject: left, list };
    }
    if (left.kind === 'call') return { kind: 'function', call: left };
    throw this.syntaxError();
  }

  // ---- UpdateExpression ----

  parseUpdate(): RawUpdateAction[] {
    const actions: RawUpdateAction[] = [];
    const seen = new Set<string>();
    while (this.peek() !== undefined) {
      const t = this.peek()!;
      const section = t.type === 'ident' ? t.text.toUpperCase() : '';
      if (!UPDATE_KEYWORDS.has(section)) throw this.syntaxError();
      this.pos++;
      if (seen.has(section)) {
        this.errors.record('section', `The "${section}" section can only be used once in an update expression;`);
      }
      seen.add(section);
      for (;;) {
        actions.push(this.parseUpdateAction(section as RawUpdateAction['action']));
        if (!this.atPunct(',')) break;
        this.pos++;
      }
    }
    return actions;
  }

  private parseUpdateAction(action: RawUpdateAction['action']): RawUpdateAction {
    const path = this.parsePath();
    switch (action) {
      case 'SET':
        this.expectPunct('=');
        return { action, path, value: this.parseSetValue() };
      case 'REMOVE':
        return { action, path };
      case 'ADD':
      case 'DELETE': {
        const t = this.peek();
        if (t?.type !== 'value') throw this.syntaxError();
        this.pos++;
        const value: RawValueRef = { kind: 'value', ref: t.text };
        return { action, path, value };
      }
    }
  }

  private parseSetValue(): RawSetValue {
    if (!this.atPunct('(')) return this.parseArithmetic();
    return this.firstOf(
      () =>
        this.nested(() => {
          this.pos++;
          const inner = this.parseArithmetic();
          this.expectPunct(')');
          return inner;
        }),
      () => this.parseArithmetic(),
    );
  }

  private parseArithmetic(): RawSetValue {
    const left = this.parseOperand();
    const t = this.peek();
    if (t?.type === 'punct' && (t.text === '+' || t.text === '-')) {
      this.pos++;
      this.operators++;
      return { kind: 'arith', op: t.text, left, right: this.parseOperand() };
    }
    return left;
  }

  // ---- ProjectionExpression ----

  parseProjection(): RawPath[] {
    const paths = [this.parsePath()];
    while (this.atPunct(',')) {
      this.pos++;
      paths.push(this.parsePath());
    }
    return paths;
  }
}

function run<T>(kind: ExpressionKind, text: string, body: (p: Parser) => T): { result: T; parser: Parser } {
  // Checked on the raw text, before any work that grows with it.
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_EXPRESSION_BYTES) {
    throw invalidExpression(kind, `Expression size has exceeded the maximum allowed size; expression size: ${size}`);
  }
  const parser = new Parser(kind, tokenize(text));
  if (parser.isEmpty) throw invalidExpression(kind, 'The expression can not be empty;');
  try {
    const result = body(parser);
    parser.expectEnd();
    if (parser.operators > MAX_OPERATORS) {
      parser.errors.record('operators', `The expression contains too many operators; operator count: ${parser.operators}`);
    }
    return { result, parser };
  } catch (e) {
    if (e instanceof SyntaxFailure) throw e.apiError;
    throw e;
  }
}

/** Functions other than size() only stand as conditions; size() only stands as an operand. */
function checkFunctionPlacement(cond: RawCondition, errors: FirstErrors<StaticCategory>): void {
  const misused = (name: string) =>
    errors.record('misusedFunction', `The function is not allowed to be used this way in an expression; function: ${name}`);
  const operand = (o: RawOperand): void => {
    if (o.kind !== 'call') return;
    if (o.name !== 'size') misused(o.name);
    o.args.forEach(operand);
  };
  switch (cond.kind) {
    case 'compare':
      operand(cond.left);
      operand(cond.right);
      return;
    case 'between':
      [cond.subject, cond.low, cond.high].forEach(operand);
      return;
    case 'in':
      [cond.subject, ...cond.list].forEach(operand);
      return;
    case 'and':
    case 'or':
      checkFunctionPlacement(cond.left, errors);
      checkFunctionPlacement(cond.right, errors);
      return;
    case 'not':
      checkFunctionPlacement(cond.operand, errors);
      return;
    case 'function':
      if (cond.call.name === 'size') misused('size');
      cond.call.args.forEach(operand);
      return;
  }
}

/** list_append(list_append(...)) is refused by DynamoDB even though it parses. */
function checkUpdateNesting(actions: readonly RawUpdateAction[], errors: FirstErrors<StaticCategory>): void {
  const visit = (o: RawOperand, parent: string | undefined): void => {
    if (o.kind !== 'call') return;
    if (o.name === 'list_append' && parent === 'list_append') {
      errors.record('misusedFunction', `The function is not allowed to be used this way in an expression; function: ${o.name}`);
    }
    o.args.forEach((a) => visit(a, o.name));
  };
  for (const a of actions) {
    if (a.action !== 'SET') continue;
    if (a.value.kind === 'arith') {
      visit(a.value.left, undefined);
      visit(a.value.right, undefined);
    } else {
      visit(a.value, undefined);
    }
  }
}

export function parseConditionText(
  text: string,
  kind: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression',
): RawCondition {
  const { result, parser } = run(kind, text, (p) => p.parseOr());
  checkFunctionPlacement(result, parser.errors);
  parser.errors.throwFirst(kind, ['operators', 'parens', 'unknownFunction', 'misusedFunction', 'reserved', 'depth']);
  return result;
}

export function parseUpdateText(text: string): RawUpdateAction[] {
  const kind = 'UpdateExpression';
  const { result, parser } = run(kind, text, (p) => p.parseUpdate());
  checkUpdateNesting(result, parser.errors);
  parser.errors.throwFirst(kind, ['operators', 'reserved', 'unknownFunction', 'misusedFunction', 'section', 'depth']);
  return result;
}

export function parseProjectionText(text: string): RawPath[] {
  const kind = 'ProjectionExpression';
  const { result, parser } = run(kind, text, (p) => p.parseProjection());
  parser.errors.throwFirst(kind, ['reserved', 'depth']);
  return result;
}
