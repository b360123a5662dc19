import { HlcClock, HlcDriftError, compareHlc, decodeHlc, encodeHlc, isHlc } from './hlc';

function clockAt(node: string, start: number) {
  let now = start;
  const clock = new HlcClock({ node, now: () => now });
  return { clock, set: (ms: number) => (now = ms) };
}

describe('hybrid logical clock', () => {
  it('encodes to a string that sorts like the clock', () => {
    const a = encodeHlc({ ms: 5, counter: 1, node: 'a' });
    const b = encodeHlc({ ms: 5, counter: 2, node: 'a' });
    const c = encodeHlc({ ms: 40, counter: 0, node: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(decodeHlc(b)).toEqual({ ms: 5, counter: 2, node: 'a' });
    expect(isHlc(b)).toBe(true);
    expect(isHlc('yesterday')).toBe(false);
  });

  it('[I6] ticks strictly forward even when the wall clock stands still or goes back', () => {
    const { clock, set } = clockAt('dev-a', 1000);
    const first = clock.tick();
    const second = clock.tick();
    set(500);
    const third = clock.tick();
    expect(compareHlc(first, second)).toBe(-1);
    expect(compareHlc(second, third)).toBe(-1);
    expect(decodeHlc(third).ms).toBe(1000);
  });

  it('[I6] a received stamp moves the clock past it, so the next local write wins over it', () => {
    const { clock } = clockAt('dev-a', 1000);
    const remote = encodeHlc({ ms: 2000, counter: 7, node: 'dev-b' });
    clock.receive(remote);
    expect(compareHlc(clock.tick(), remote)).toBe(1);
  });

  it('[I6] ties at the same time and counter are broken by device id', () => {
    const a = encodeHlc({ ms: 10, counter: 0, node: 'aaaa' });
    const b = encodeHlc({ ms: 10, counter: 0, node: 'bbbb' });
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
    expect(compareHlc(a, a)).toBe(0);
  });

  it('[I6] a clock a day ahead is clamped, and refused when asked to refuse', () => {
    const day = 24 * 60 * 60 * 1000;
    const { clock } = clockAt('server', 10 * day);
    const ahead = encodeHlc({ ms: 11 * day, counter: 0, node: 'skewed' });
    const { stamp, clamped } = clock.receive(ahead);
    expect(clamped).toBe(true);
    expect(decodeHlc(stamp).ms).toBe(10 * day + clock.maxDriftMs);
    expect(() => clockAt('server', 10 * day).clock.receive(ahead, 'refuse')).toThrow(HlcDriftError);
  });

  it('carries the counter into the next millisecond instead of wrapping', () => {
    const clock = new HlcClock({ node: 'n', now: () => 1, last: { ms: 1, counter: 0xffff, node: 'n' } });
    expect(decodeHlc(clock.tick())).toEqual({ ms: 2, counter: 0, node: 'n' });
  });

  it('resumes from a persisted stamp without going back', () => {
    const persisted = encodeHlc({ ms: 9000, counter: 3, node: 'n' });
    const clock = new HlcClock({ node: 'n', now: () => 100, last: persisted });
    expect(compareHlc(clock.tick(), persisted)).toBe(1);
  });
});
