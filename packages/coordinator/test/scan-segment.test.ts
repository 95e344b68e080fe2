import { describe, expect, it } from 'vitest';
import { MAX_TOKEN, MIN_TOKEN } from '@dynaring/cluster';
import { segmentTokenRange } from '@dynaring/coordinator';

describe('segmentTokenRange', () => {
  it('tiles the whole ring with adjacent, non-overlapping segments', () => {
    for (const total of [1, 2, 3, 7, 1000]) {
      const ranges = Array.from({ length: total }, (_, i) => segmentTokenRange(i, total));
      expect(ranges[0]!.afterToken).toBe(MIN_TOKEN);
      expect(ranges[total - 1]!.endToken).toBe(MAX_TOKEN);
      for (let i = 1; i < total; i++) expect(ranges[i]!.afterToken).toBe(ranges[i - 1]!.endToken);
      for (const r of ranges) expect(r.endToken > r.afterToken).toBe(true);
    }
  });
});
