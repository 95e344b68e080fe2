declare module 'murmurhash3js-revisited' {
  export const x64: { hash128(bytes: Uint8Array, seed?: number): string };
  export const x86: { hash32(bytes: Uint8Array, seed?: number): number; hash128(bytes: Uint8Array, seed?: number): string };
  const murmur: { x64: typeof x64; x86: typeof x86 };
  export default murmur;
}
