/**
 * DynamoDB's AttributeValue as it appears on the wire. Inside dynaring values are kept in
 * this shape, but always canonical: numbers in DynamoDB's canonical text (see number.ts),
 * binaries as canonical base64, sets without duplicates.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: AttributeMap };

export type AttributeMap = { [name: string]: AttributeValue };

/** The type tag of an AttributeValue: 'S', 'N', ... */
export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';

export function typeOf(value: AttributeValue): AttributeType {
  for (const k in value) return k as AttributeType;
  throw new Error('empty AttributeValue');
}
