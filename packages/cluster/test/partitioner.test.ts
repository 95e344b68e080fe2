import { describe, expect, it } from 'vitest';
import { tokenOf } from '@dynaring/cluster';

describe('tokenOf', () => {
  it('matches Cassandra Murmur3Partitioner for an ASCII key', () => {
    // token('hello') under Cassandra's Murmur3Partitioner.
    expect(tokenOf({ S: 'hello' })).toBe(-3758069500696749310n);
  });

  it('hashes canonical numbers so equal values share a token', () => {
    expect(tokenOf({ N: '1' })).toBe(tokenOf({ N: '1' }));
    expect(tokenOf({ N: '1' })).not.toBe(tokenOf({ S: '2' }));
  });

  it('hashes binaries over their raw bytes', () => {
    expect(tokenOf({ B: Buffer.from('hello').toString('base64') })).toBe(tokenOf({ S: 'hello' }));
  });
});
