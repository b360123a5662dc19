import { digitsToMoneyText, keyFromKeyboard, moneyTextToDigits, pressKey, quickCashAmounts, zerosKey } from '../../src/renderer/domain/keypad-input';

describe('on-screen keypad input', () => {
  it('types digits, drops leading zeros except in a PIN, and never goes past the length', () => {
    expect(pressKey('', '0', 'money', 12)).toBe('0');
    expect(pressKey('0', '5', 'money', 12)).toBe('5');
    expect(pressKey('0', '000', 'quantity', 6)).toBe('0');
    expect(pressKey('0', '7', 'pin', 8)).toBe('07');
    expect(pressKey('15', '000', 'money', 12)).toBe('15000');
    expect(pressKey('1234', '5', 'pin', 4)).toBe('1234');
    expect(pressKey('99999', '00', 'quantity', 6)).toBe('99999');
    expect(pressKey('1234', 'back', 'pin', 8)).toBe('123');
    expect(pressKey('', 'back', 'money', 12)).toBe('');
    expect(pressKey('1234', 'clear', 'money', 12)).toBe('');
    // Whatever the value held, only its digits count.
    expect(pressKey('1 500', '0', 'money', 12)).toBe('15000');
  });

  it('offers 000 for an XOF amount, 00 for cents and quantities, no zeros key for a PIN', () => {
    expect(zerosKey('money', 'XOF')).toBe('000');
    expect(zerosKey('money', 'EUR')).toBe('00');
    expect(zerosKey('quantity', 'XOF')).toBe('00');
    expect(zerosKey('pin', 'XOF')).toBeNull();
  });

  it('reads the physical keys it stands for', () => {
    expect(keyFromKeyboard('7')).toBe('7');
    expect(keyFromKeyboard('Backspace')).toBe('back');
    expect(keyFromKeyboard('Delete')).toBe('clear');
    expect(keyFromKeyboard('a')).toBeNull();
    expect(keyFromKeyboard('Enter')).toBeNull();
  });

  it('turns money text into minor-unit digits and back, in the currency of the shop', () => {
    expect(moneyTextToDigits('', 'XOF')).toBe('');
    expect(moneyTextToDigits('1 500', 'XOF')).toBe('1500');
    expect(moneyTextToDigits('15,50', 'EUR')).toBe('1550');
    expect(moneyTextToDigits('abc', 'XOF')).toBe('');
    expect(digitsToMoneyText('1500', 'XOF')).toBe('1500');
    expect(digitsToMoneyText('007', 'XOF')).toBe('7');
    expect(digitsToMoneyText('1550', 'EUR')).toBe('15.50');
    expect(digitsToMoneyText('5', 'EUR')).toBe('0.05');
    expect(digitsToMoneyText('', 'EUR')).toBe('');
  });

  it('quick cash: the exact amount, then the next round note above it, each once, in order', () => {
    expect(quickCashAmounts(3700, 'XOF')).toEqual([3700, 4000, 5000, 10_000]);
    expect(quickCashAmounts(5250, 'XOF')).toEqual([5250, 6000, 10_000]);
    expect(quickCashAmounts(4000, 'XOF')).toEqual([4000, 5000, 10_000]);
    expect(quickCashAmounts(10_000, 'XOF')).toEqual([10_000]);
    expect(quickCashAmounts(12_300, 'XOF')).toEqual([12_300, 13_000, 14_000, 15_000, 20_000]);
    expect(quickCashAmounts(1234, 'EUR')).toEqual([1234, 1500, 2000, 5000]);
    expect(quickCashAmounts(0, 'XOF')).toEqual([]);
    expect(quickCashAmounts(-5, 'XOF')).toEqual([]);
  });
});
