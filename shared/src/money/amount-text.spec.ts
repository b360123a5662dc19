import { formatAmountText, parseMoney } from './money';

describe('A typed amount shown back grouped (split payment parts)', () => {
  it('groups the digits with a narrow space, keeps the decimal mark, and reads back to the same amount', () => {
    expect(formatAmountText(20_750, 'XOF', 'fr-SN')).toBe('20\u202f750');
    expect(formatAmountText(2_075_050, 'EUR', 'fr-FR')).toBe('20\u202f750,50');
    expect(formatAmountText(2_075_050, 'USD', 'en-US')).toBe('20\u202f750.50');
    for (const [amount, currency, locale] of [
      [20_750, 'XOF', 'fr-SN'],
      [2_075_050, 'EUR', 'fr-FR'],
      [2_075_050, 'USD', 'en-US'],
      [0, 'XOF', 'en-GB'],
      [1_000_000_000, 'XOF', 'fr-FR'],
    ] as const) {
      expect(parseMoney(formatAmountText(amount, currency, locale), currency)).toBe(amount);
    }
  });
});
