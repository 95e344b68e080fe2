import { describe, expect, it } from 'vitest';
import { TimestampSource } from '@dynaring/core';

describe('TimestampSource', () => {
  it('is strictly increasing even when the wall clock stalls or steps back', () => {
    let now = 1_000;
    const ts = new TimestampSource({ nowMs: () => now });
    const a = ts.nowMicros();
    const b = ts.nowMicros();
    now = 900;
    const c = ts.nowMicros();
    expect(a).toBe(1_000_000);
    expect(b).toBe(1_000_001);
    expect(c).toBe(1_000_002);
  });

  it('adds the injected offset, so a test can skew one node ahead of another', () => {
    const clock = { nowMs: () => 5_000 };
    expect(new TimestampSource(clock, 3_000_000).nowMicros() - new TimestampSource(clock).nowMicros()).toBe(3_000_000);
  });
});
