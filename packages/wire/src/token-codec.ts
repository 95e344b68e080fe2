import { MalformedMessageError } from './malformed-message-error.js';

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;
const DECIMAL = /^-?[0-9]{1,19}$/;

/** Tokens travel as decimal strings so that every signed 64-bit value survives exactly. */
export function encodeToken(token: bigint): string {
  return token.toString();
}

export function decodeToken(text: string, what: string): bigint {
  // BigInt('') is 0n and BigInt(' 1') is 1n: check the text before trusting BigInt.
  if (!DECIMAL.test(text)) throw new MalformedMessageError(`${what} is not a decimal token: ${JSON.stringify(text.slice(0, 40))}`);
  const token = BigInt(text);
  if (token < MIN_TOKEN || token > MAX_TOKEN) throw new MalformedMessageError(`${what} is out of the signed 64-bit range`);
  return token;
}

/** An optional token: the empty string stands for "absent". */
export function decodeOptionalToken(text: string, what: string): bigint | undefined {
  return text === '' ? undefined : decodeToken(text, what);
}
