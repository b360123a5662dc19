/** `YYYY-MM-DD` of a date in local time (the value of a date field). */
export function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function parseLocalDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The parts of a numeric date in the order the locale writes them ("02/12/2026" in fr: day, month, year). */
export type DayPart = 'day' | 'month' | 'year';

const NUMERIC: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };

/** The order of day, month and year in the locale's numeric dates. */
export function dayPartOrder(locale: string): DayPart[] {
  return new Intl.DateTimeFormat(locale, NUMERIC)
    .formatToParts(new Date(2026, 11, 2))
    .map((part) => part.type)
    .filter((type): type is DayPart => type === 'day' || type === 'month' || type === 'year');
}

/** A `YYYY-MM-DD` day written as the locale writes numeric dates (fr: 02/12/2026, the receipts' and rows' form). */
export function formatDay(day: string, locale: string): string {
  const date = parseLocalDay(day);
  return date ? new Intl.DateTimeFormat(locale, NUMERIC).format(date) : '';
}

/**
 * A typed date read in the locale's order ("2/12/2026", "02.12.2026", "02122026" in fr), or as
 * `YYYY-MM-DD`; a four-digit year is required so half-typed text is never a date. Null unless
 * it is a real calendar day (no 31/02).
 */
export function parseDay(text: string, locale: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return checked(trimmed);
  const order = dayPartOrder(locale);
  let groups = trimmed.split(/\D+/).filter((group) => group !== '');
  if (groups.length === 1 && groups[0]!.length === 8) {
    const digits = groups[0]!;
    let at = 0;
    groups = order.map((part) => digits.slice(at, (at += part === 'year' ? 4 : 2)));
  }
  if (groups.length !== 3) return null;
  const value: Record<DayPart, string> = { day: '', month: '', year: '' };
  order.forEach((part, index) => (value[part] = groups[index]!));
  if (value.year.length !== 4 || value.month.length > 2 || value.day.length > 2) return null;
  return checked(`${value.year}-${value.month.padStart(2, '0')}-${value.day.padStart(2, '0')}`);
}

function checked(day: string): string | null {
  const date = parseLocalDay(day);
  return date && localDay(date) === day ? day : null;
}

/** The day `count` days after (or before) a `YYYY-MM-DD` day. */
export function addDays(day: string, count: number): string {
  const date = parseLocalDay(day) ?? new Date();
  return localDay(new Date(date.getFullYear(), date.getMonth(), date.getDate() + count));
}
