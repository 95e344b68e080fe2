import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProtos, PROTO_DIR, PROTO_FILES } from '@dynaring/wire';

describe('loadProtos', () => {
  it('finds the proto folder relative to the module', () => {
    for (const file of PROTO_FILES) expect(existsSync(join(PROTO_DIR, file))).toBe(true);
  });

  it('loads the three services once', () => {
    const protos = loadProtos();
    expect(loadProtos()).toBe(protos);
    expect(protos.replica.Apply!.path).toBe('/dynaring.replica.v1.Replica/Apply');
    expect(protos.gossip.Syn!.path).toBe('/dynaring.gossip.v1.Gossip/Syn');
    expect(protos.admin.Decommission!.responseStream).toBe(true);
  });
});
