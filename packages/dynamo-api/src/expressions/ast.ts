import type { AttributeValue } from '@dynaring/core';

/**
 * Two layers of tree. The *raw* trees come straight out of the parser and still hold
 * `#name` / `:value` placeholders, so they depend only on the expression text and can be
 * cached across requests. Binding a raw tree to one request's ExpressionAttributeNames and
 * ExpressionAttributeValues gives the *resolved* trees that the evaluator and the update
 * applier work on.
 */

export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';

// ---- raw (placeholders unresolved) ----

export type RawPathElement =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'index'; readonly index: number };

export interface RawPath {
  readonly kind: 'path';
  readonly elements: readonly RawPathElement[];
}
export interface RawValueRef {
  readonly kind: 'value';
  readonly ref: string;
}
export interface RawCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly RawOperand[];
}
export type RawOperand = RawPath | RawValueRef | RawCall;

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type RawCondition =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: RawOperand; readonly right: RawOperand }
  | { readonly kind: 'between'; readonly subject: RawOperand; readonly low: RawOperand; readonly high: RawOperand }
  | { readonly kind: 'in'; readonly subject: RawOperand; readonly list: readonly RawOperand[] }
  | { readonly kind: 'and' | 'or'; readonly left: RawCondition; readonly right: RawCondition }
  | { readonly kind: 'not'; readonly operand: RawCondition }
  | { readonly kind: 'function'; readonly call: RawCall };

/** A SET right-hand side: an operand, or exactly one `+` / `-` between two operands. */
export type RawSetValue =
  | RawOperand
  | { readonly kind: 'arith'; readonly op: '+' | '-'; readonly left: RawOperand; readonly right: RawOperand };

export type RawUpdateAction =
  | { readonly action: 'SET'; readonly path: RawPath; readonly value: RawSetValue }
  | { readonly action: 'REMOVE'; readonly path: RawPath }
  | { readonly action: 'ADD' | 'DELETE'; readonly path: RawPath; readonly value: RawValueRef };

// ---- resolved ----

/** A document path: attribute / map-key names and list indexes. `a.b[2]` is ['a', 'b', 2]. */
export type PathElement = string | number;
export type DocumentPath = readonly PathElement[];

export type Operand =
  | { readonly kind: 'path'; readonly path: DocumentPath }
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'size'; readonly operand: Operand };

export type Condition =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly subject: Operand; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'in'; readonly subject: Operand; readonly list: readonly Operand[] }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'attribute_exists' | 'attribute_not_exists'; readonly path: DocumentPath }
  | { readonly kind: 'attribute_type'; readonly subject: Operand; readonly type: Operand }
  | { readonly kind: 'begins_with' | 'contains'; readonly subject: Operand; readonly operand: Operand };

export type UpdateValue =
  | { readonly kind: 'path'; readonly path: DocumentPath }
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'if_not_exists'; readonly path: DocumentPath; readonly fallback: UpdateValue }
  | { readonly kind: 'list_append'; readonly left: UpdateValue; readonly right: UpdateValue }
  | { readonly kind: '+' | '-'; readonly left: UpdateValue; readonly right: UpdateValue };

export type UpdateAction =
  | { readonly action: 'SET'; readonly path: DocumentPath; readonly value: UpdateValue }
  | { readonly action: 'REMOVE'; readonly path: DocumentPath }
  | { readonly action: 'ADD' | 'DELETE'; readonly path: DocumentPath; readonly value: AttributeValue };

export interface UpdateExpression {
  readonly actions: readonly UpdateAction[];
}
