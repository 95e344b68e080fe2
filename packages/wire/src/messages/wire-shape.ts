/**
 * A message as proto-loader hands it over: int64 fields arrive as decimal strings (option
 * `longs: String`) while we send numbers, so a numeric field is either on the wire side.
 */
export type Wire<T> = T extends number
  ? string | number
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** An int64 count or version as a JS number (exact below 2^53, which every such value is). */
export function int64(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A proto map decoded into a prototype-free object, so a key named "__proto__" stays data. */
export function mapValues<A, B>(map: Record<string, A>, convert: (value: A) => B): Record<string, B> {
  const out: Record<string, B> = Object.create(null);
  for (const k in map) out[k] = convert(map[k]!);
  return out;
}
