import murmur from 'murmurhash3js-revisited';
import type { ScalarKeyValue } from '@dynaring/core';

export const MIN_TOKEN = -(2n ** 63n);
export const MAX_TOKEN = 2n ** 63n - 1n;

/**
 * The bytes a hash key is hashed over. Numbers are already canonical, so "1", "1.0" and
 * "10E-1" hash alike; strings are UTF-8; binaries are their raw bytes.
 */
export function hashKeyBytes(hash: ScalarKeyValue): Uint8Array {
  if ('S' in hash) return Buffer.from(hash.S, 'utf8');
  if ('N' in hash) return Buffer.from(hash.N, 'latin1');
  return Buffer.from(hash.B, 'base64');
}

/**
 * Murmur3Partitioner's token: the first 64-bit half of MurmurHash3_x64_128 (seed 0) as a
 * signed long. The reference algorithm treats tail bytes as unsigned while Cassandra's Java
 * port sign-extends them, so tokens match Cassandra's for ASCII keys only; they only need to
 * agree inside a dynaring cluster. The minimum token is reserved for the ring, as in Cassandra.
 */
export function tokenOf(hash: ScalarKeyValue): bigint {
  const hex = murmur.x64.hash128(hashKeyBytes(hash), 0);
  const token = BigInt.asIntN(64, BigInt('0x' + hex.slice(0, 16)));
  return token === MIN_TOKEN ? MAX_TOKEN : token;
}
