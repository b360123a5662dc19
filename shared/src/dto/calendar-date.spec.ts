import fc from 'fast-check';
import { isCalendarDay, isPlausibleDate, isQueryInstant, parseCalendarInstant } from './common';

describe('parseCalendarInstant: the one date rule of terminal and server', () => {
  it('[bad-input] impossible dates: 31 and 30 February, 29 February of a common year, hour 24, minute 60, second 60, month 13, offset ±15:00 are refused', () => {
    for (const text of [
      '2026-02-31T10:00:00Z',
      '2026-02-30',
      '2025-02-29',
      '2100-02-29',
      '2026-04-31',
      '2026-01-10T24:00:00Z',
      '2026-01-10T10:60:00Z',
      '2026-01-10T10:00:60Z',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-10T10:00:00+15:00',
      '2026-01-10T10:00:00+01:60',
      '2026-01-10T10:00:00',
      '2026-1-10',
      'demain',
      '',
    ]) {
      expect([text, parseCalendarInstant(text)]).toEqual([text, null]);
    }
    expect(parseCalendarInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseCalendarInstant('2000-02-29T23:59:59.999999+00:00')).toBe(Date.UTC(2000, 1, 29, 23, 59, 59, 999));
    expect(parseCalendarInstant('2026-01-10T10:00:00+01:30')).toBe(Date.UTC(2026, 0, 10, 8, 30));
  });

  it('property: every real instant reads back as the instant Date gives, whatever its offset', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (date, offset) => {
        const iso = date.toISOString();
        expect(parseCalendarInstant(iso)).toBe(date.getTime());
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? '-' : '+';
        const text = `${local}${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        expect([text, parseCalendarInstant(text)]).toEqual([text, date.getTime()]);
        expect(isCalendarDay(iso.slice(0, 10))).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('bounds: a terminal date from 2000 to two days ahead; a query instant or a day from 2000 to 2100', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(isPlausibleDate('2026-06-02T23:00:00Z', now)).toBe(true);
    expect(isPlausibleDate('2026-06-04T00:00:01Z', now)).toBe(false);
    expect(isPlausibleDate('1999-12-31', now)).toBe(false);
    expect(isQueryInstant('2099-12-31T23:59:59Z')).toBe(true);
    expect(isQueryInstant('2100-01-01T00:00:00Z')).toBe(false);
    expect(isCalendarDay('2026-02-28T10:00:00Z')).toBe(false);
  });
});
