import { Backoff, DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_CAP_MS } from './backoff';

describe('Backoff (exponential, full jitter)', () => {
  it('doubles the ceiling from 1 s up to the 5 min cap, and keeps retrying at the cap', () => {
    const backoff = new Backoff({ random: () => 0.999999 });
    const waits = Array.from({ length: 14 }, () => backoff.next());
    expect(waits.slice(0, 9)).toEqual([999, 1999, 3999, 7999, 15999, 31999, 63999, 127999, 255999]);
    expect(waits.slice(9).every((wait) => wait === DEFAULT_BACKOFF_CAP_MS - 1)).toBe(true);
    expect(backoff.attempts).toBe(14);
  });

  it('draws each wait uniformly below the ceiling (full jitter)', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff({ baseMs: 1000, capMs: 60_000, random: () => draws.shift() ?? 0 });
    expect(backoff.next()).toBe(0);
    expect(backoff.next()).toBe(1000);
    expect(backoff.next()).toBe(1000);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff({ random: () => 0.5 });
    backoff.next();
    backoff.next();
    expect(backoff.ceilingMs()).toBe(4 * DEFAULT_BACKOFF_BASE_MS);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(DEFAULT_BACKOFF_BASE_MS / 2);
  });

  it('never overflows after a very long outage', () => {
    const backoff = new Backoff({ random: () => 0.5 });
    for (let i = 0; i < 10_000; i += 1) backoff.next();
    expect(backoff.next()).toBe(DEFAULT_BACKOFF_CAP_MS / 2);
  });

  it('keeps a misbehaving random source inside the bounds', () => {
    expect(new Backoff({ random: () => 7 }).next()).toBe(DEFAULT_BACKOFF_BASE_MS);
    expect(new Backoff({ random: () => -1 }).next()).toBe(0);
  });
});
