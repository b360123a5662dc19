import { isCalendarDay } from './calendar-date.validator';

describe('isCalendarDay', () => {
  it.each(['2025-02-28', '2024-02-29', '2025-12-31T23:59:00Z', '2000-01-01'])('accepts %s', (text) => {
    expect(isCalendarDay(text)).toBe(true);
  });

  it.each(['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-04-31', 'demain', ''])('refuses %s', (text) => {
    expect(isCalendarDay(text)).toBe(false);
  });
});
