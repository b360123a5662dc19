import { addDays, dayPartOrder, formatDay, parseDay } from './local-day';

describe('Dates in the shop’s own numeric form (the date fields, the rows, the receipts)', () => {
  it('writes a day day-first in a French shop and month-first only where the locale does', () => {
    expect(formatDay('2026-12-02', 'fr-FR')).toBe('02/12/2026');
    expect(formatDay('2026-12-02', 'fr-SN')).toBe('02/12/2026');
    expect(formatDay('2026-12-02', 'en-GB')).toBe('02/12/2026');
    expect(formatDay('2026-12-02', 'en-US')).toBe('12/02/2026');
    expect(dayPartOrder('fr-FR')).toEqual(['day', 'month', 'year']);
    expect(formatDay('not a day', 'fr-FR')).toBe('');
  });

  it('reads a typed day in the locale’s order, with any separator, or as YYYY-MM-DD', () => {
    expect(parseDay('02/12/2026', 'fr-FR')).toBe('2026-12-02');
    expect(parseDay(' 2.12.2026 ', 'fr-FR')).toBe('2026-12-02');
    expect(parseDay('02122026', 'fr-FR')).toBe('2026-12-02');
    expect(parseDay('2026-12-02', 'fr-FR')).toBe('2026-12-02');
    expect(parseDay('12/02/2026', 'en-US')).toBe('2026-12-02');
    expect(parseDay('12/02/2026', 'fr-FR')).toBe('2026-02-12');
  });

  it('refuses half-typed text and days that are not on the calendar', () => {
    for (const text of ['', '02/12', '02/12/202', '02/12/26', '31/02/2026', '00/12/2026', '02/13/2026', '2026-02-30', '02/12/2026/1', 'aa/bb/cccc', '123/12/2026']) {
      expect(parseDay(text, 'fr-FR')).toBeNull();
    }
  });

  it('steps across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
