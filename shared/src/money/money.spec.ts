import { addMinor, formatMoney, multiplyMinor, parseMoney } from './money';

const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money in minor units', () => {
  it('formats XOF without decimals, in French', () => {
    expect(spaces(formatMoney(1500, 'XOF'))).toBe('1 500 F CFA');
  });

  it('formats EUR with two decimals', () => {
    expect(spaces(formatMoney(1550, 'EUR'))).toBe('15,50 €');
    expect(formatMoney(1550, 'EUR', 'en-US')).toBe('€15.50');
  });

  it('parses what a cashier types', () => {
    expect(parseMoney('1 500', 'XOF')).toBe(1500);
    expect(parseMoney('15,5', 'EUR')).toBe(1550);
    expect(parseMoney('15,555', 'EUR')).toBeNull();
    expect(parseMoney('12.5', 'XOF')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
  });

  it('refuses fractions and overflow', () => {
    expect(() => multiplyMinor(100, 1.5)).toThrow(RangeError);
    expect(() => addMinor(0.5)).toThrow(RangeError);
    expect(() => multiplyMinor(1_000_000_000_000, 2)).toThrow(RangeError);
    expect(addMinor(100, 250, 50)).toBe(400);
  });
});
