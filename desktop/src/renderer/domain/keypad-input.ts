import { minorExponent, parseMoney, type Minor } from '@seri/shared';

/** What the on-screen keypad edits: a PIN keeps every digit, a quantity or an amount drops leading zeros. */
export type KeypadKind = 'pin' | 'quantity' | 'money';

/** A key of the on-screen keypad: a digit, a run of zeros (00, 000), backspace or clear. */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '000' | 'back' | 'clear';

/** The zeros key: 000 for amounts in a currency without minor units (XOF: thousands of francs), 00 otherwise, none for a PIN. */
export function zerosKey(kind: KeypadKind, currency: string): '00' | '000' | null {
  if (kind === 'pin') return null;
  return kind === 'money' && minorExponent(currency) === 0 ? '000' : '00';
}

/**
 * The digits after one key press. `value` holds digits only (for money: minor units, so
 * XOF francs); the result never exceeds `maxLength` digits (a key that would is ignored).
 */
export function pressKey(value: string, key: KeypadKey, kind: KeypadKind, maxLength: number): string {
  const digits = value.replace(/\D/g, '');
  if (key === 'clear') return '';
  if (key === 'back') return digits.slice(0, -1);
  let next = digits + key;
  // "0" then "5" is 5: only a PIN keeps a leading zero.
  if (kind !== 'pin') next = next.replace(/^0+(?=\d)/, '');
  return next.length > maxLength ? digits : next;
}

/** The key a physical key stands for while the keypad has the focus, or null. */
export function keyFromKeyboard(key: string): KeypadKey | null {
  if (/^\d$/.test(key)) return key as KeypadKey;
  if (key === 'Backspace') return 'back';
  if (key === 'Delete') return 'clear';
  return null;
}

/** The cashier's money text (as parseMoney reads it) as the keypad's digits in minor units; '' when empty or not an amount. */
export function moneyTextToDigits(text: string, currency: string): string {
  if (text.trim() === '') return '';
  const amount = parseMoney(text, currency);
  return amount === null ? '' : String(amount);
}

/** The keypad's digits (minor units) as money text parseMoney reads back: "1500" for XOF, "15.00" for EUR 1500. */
export function digitsToMoneyText(digits: string, currency: string): string {
  if (digits === '') return '';
  const exponent = minorExponent(currency);
  if (exponent === 0) return String(Number(digits));
  const padded = digits.padStart(exponent + 1, '0');
  return `${Number(padded.slice(0, -exponent))}.${padded.slice(-exponent)}`;
}

/** Notes a customer hands over, in minor units: XOF 1 000 to 10 000 F; cent currencies 5 to 50. */
function quickCashNotes(currency: string): readonly Minor[] {
  return minorExponent(currency) === 0 ? [1000, 2000, 5000, 10_000] : [500, 1000, 2000, 5000];
}

/**
 * The amounts a cashier is most often handed for `total`: the exact amount first, then the
 * next round amount of each usual note above it (3 700 → 4 000, 5 000, 10 000), each once.
 */
export function quickCashAmounts(total: Minor, currency: string): Minor[] {
  if (!Number.isSafeInteger(total) || total <= 0) return [];
  const amounts = [total];
  for (const note of quickCashNotes(currency)) {
    const rounded = Math.ceil(total / note) * note;
    if (!amounts.includes(rounded)) amounts.push(rounded);
  }
  return amounts.sort((a, b) => a - b);
}
