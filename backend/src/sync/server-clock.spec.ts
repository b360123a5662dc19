import { Logger } from '@nestjs/common';
import { compareHlc, decodeHlc, encodeHlc, HLC_DEFAULT_MAX_DRIFT_MS } from '@seri/shared';
import { ServerClock } from './server-clock';

describe('ServerClock', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const now = 1_764_000_000_000;

  it('keeps a stamp within the drift and ticks past it', () => {
    const clock = new ServerClock(() => now);
    const stamp = encodeHlc({ ms: now + 5_000, counter: 3, node: 'dev-a' });
    expect(clock.admit(stamp, 'dev-a')).toEqual({ hlc: stamp, clamped: false });
    expect(compareHlc(clock.tick(), stamp)).toBeGreaterThan(0);
  });

  it('[I6] clamps a stamp from a clock too far ahead, keeping its node for tie-breaks', () => {
    const clock = new ServerClock(() => now);
    const stamp = encodeHlc({ ms: now + 24 * 3_600_000, counter: 0, node: 'dev-fast' });
    const admitted = clock.admit(stamp, 'dev-fast');
    expect(admitted.clamped).toBe(true);
    const decoded = decodeHlc(admitted.hlc);
    expect(decoded.ms).toBe(now + HLC_DEFAULT_MAX_DRIFT_MS);
    expect(decoded.node).toBe('dev-fast');
  });
});
