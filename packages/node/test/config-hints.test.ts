import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('hinted handoff flags', () => {
  it('default to enabled with a 3 h window, as Cassandra', () => {
    const config = parseConfig([]);
    expect(config.hintedHandoffEnabled).toBe(true);
    expect(config.maxHintWindowMs).toBe(10_800_000);
  });

  it('are read from --hinted-handoff-enabled and --max-hint-window-in-ms', () => {
    const config = parseConfig(['--hinted-handoff-enabled', 'false', '--max-hint-window-in-ms', '60000']);
    expect(config.hintedHandoffEnabled).toBe(false);
    expect(config.maxHintWindowMs).toBe(60_000);
  });
});
