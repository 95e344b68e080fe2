import { validation } from '../errors.js';
import type { ExpressionKind } from './ast.js';

/**
 * DynamoDB does not report the first problem it meets while reading an expression: it checks
 * in passes (unknown functions before reserved words before undefined placeholders ...). We
 * keep the first message of each category and report by the category order of the pass.
 */
export class FirstErrors<C extends string> {
  private readonly byCategory = new Map<C, string>();

  record(category: C, message: string): void {
    if (!this.byCategory.has(category)) this.byCategory.set(category, message);
  }

  snapshot(): Map<C, string> {
    return new Map(this.byCategory);
  }

  restore(saved: Map<C, string>): void {
    this.byCategory.clear();
    for (const [k, v] of saved) this.byCategory.set(k, v);
  }

  /** Throws the ValidationException for the earliest category in `order` that has a message. */
  throwFirst(kind: ExpressionKind, order: readonly C[]): void {
    for (const c of order) {
      const message = this.byCategory.get(c);
      if (message !== undefined) throw invalidExpression(kind, message);
    }
  }
}

export const invalidExpression = (kind: ExpressionKind, message: string) =>
  validation(`Invalid ${kind}: ${message}`);
