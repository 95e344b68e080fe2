/**
 * The lexer shared by all five expression kinds. Whitespace runs are kept as tokens because
 * DynamoDB's syntax errors quote the neighbourhood of the bad token, spaces included
 * ("near: \"SET _123\"").
 */
export type TokenType =
  | 'ident' // attribute or function name: a letter, then letters, digits, underscores
  | 'name' // #placeholder
  | 'value' // :placeholder
  | 'number' // digits, only meaningful as a list index
  | 'punct' // = <> < <= > >= ( ) [ ] , . + -
  | 'ws'
  | 'unknown'; // any other single character: always a syntax error where it appears

export interface Token {
  readonly type: TokenType;
  readonly text: string;
}

const PUNCT_2 = new Set(['<>', '<=', '>=']);
const PUNCT_1 = new Set(['=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-']);

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isWordChar = (c: string) => isLetter(c) || isDigit(c) || c === '_';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const word = (start: number): number => {
    let j = start;
    while (j < n && isWordChar(text[j]!)) j++;
    return j;
  };
  while (i < n) {
    const c = text[i]!;
    if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(text[j]!)) j++;
      tokens.push({ type: 'ws', text: text.slice(i, j) });
      i = j;
    } else if (isLetter(c)) {
      const j = word(i + 1);
      tokens.push({ type: 'ident', text: text.slice(i, j) });
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text[j]!)) j++;
      tokens.push({ type: 'number', text: text.slice(i, j) });
      i = j;
    } else if ((c === '#' || c === ':') && i + 1 < n && isWordChar(text[i + 1]!)) {
      const j = word(i + 1);
      tokens.push({ type: c === '#' ? 'name' : 'value', text: text.slice(i, j) });
      i = j;
    } else if (PUNCT_2.has(text.slice(i, i + 2))) {
      tokens.push({ type: 'punct', text: text.slice(i, i + 2) });
      i += 2;
    } else if (PUNCT_1.has(c)) {
      tokens.push({ type: 'punct', text: c });
      i += 1;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      tokens.push({ type: 'unknown', text: ch });
      i += ch.length;
    }
  }
  return tokens;
}
