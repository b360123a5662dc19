import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { keyFromKeyboard, pressKey, zerosKey, type KeypadKey, type KeypadKind } from '../domain/keypad-input';
import { useShop } from '../hooks/use-shop';

export interface QuickAmount {
  /** Digits the key sets (minor units for money). */
  value: string;
  label: string;
  /** What the key says to a screen reader when its label is not enough ("Montant exact, 3 700 F CFA"). */
  ariaLabel?: string;
}

interface NumericKeypadProps {
  /** Digits only; for money, minor units (XOF: francs). */
  value: string;
  onChange: (digits: string) => void;
  kind: KeypadKind;
  /** What the keypad types into ("Code PIN", "Espèces reçues"): names the group. */
  label: string;
  /** The OK key: validates what was typed (submits the form, sets the quantity). */
  onEnter?: () => void;
  maxLength?: number;
  /** Shows the value above the keys (formatted in the shop's locale for money), when no field beside it does. */
  showDisplay?: boolean;
  /** A line above the display: what is being set, its context ("10 000 F × 2"). */
  caption?: ReactNode;
  quick?: readonly QuickAmount[];
  /** Shown greyed while nothing is typed (the current quantity, the amount due). */
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
}

const DIGIT_ROWS: ReadonlyArray<readonly KeypadKey[]> = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
];

/**
 * An on-screen number pad for a finger: digits, 00/000, backspace, clear and OK, bound to
 * a controlled value. Its keys do not take the focus from the field they type into, so the
 * physical keyboard keeps working there; with the focus on the pad, its digits, Backspace,
 * Delete and Enter work too.
 */
export function NumericKeypad({ value, onChange, kind, label, onEnter, maxLength = kind === 'pin' ? 8 : 12, showDisplay = false, caption, quick, placeholder, disabled = false, testId = 'keypad' }: NumericKeypadProps) {
  const { t } = useTranslation();
  const { currency, money } = useShop();
  const zeros = zerosKey(kind, currency);
  const press = (key: KeypadKey): void => onChange(pressKey(value, key, kind, maxLength));
  // A key pressed with the mouse or a finger leaves the focus where it was (the field, the scan box).
  const keepFocus = (event: MouseEvent): void => event.preventDefault();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (disabled) return;
    if (event.key === 'Enter' && onEnter) {
      event.preventDefault();
      onEnter();
      return;
    }
    const key = keyFromKeyboard(event.key);
    if (key) {
      event.preventDefault();
      press(key);
    }
  };

  const key = (pressed: KeypadKey, text: string, ariaLabel?: string): ReactNode => (
    <button
      key={pressed}
      type="button"
      className="keypad__key"
      data-testid={`${testId}-key-${pressed}`}
      data-key={pressed}
      aria-label={ariaLabel}
      disabled={disabled}
      onMouseDown={keepFocus}
      onClick={() => press(pressed)}
    >
      {text}
    </button>
  );

  let shown = value;
  if (kind === 'pin') shown = '•'.repeat(value.length);
  else if (kind === 'money' && value !== '') shown = money(Number(value));

  return (
    <div className={`keypad keypad--${kind}`} role="group" aria-label={t('keypad.group', { label })} data-testid={testId} onKeyDown={onKeyDown}>
      {(showDisplay || caption) && (
        <div className="keypad__screen">
          {caption && <span className="keypad__caption">{caption}</span>}
          {showDisplay && (
            <output className="keypad__display" data-testid={`${testId}-display`} aria-live="polite">
              {shown === '' ? <span className="keypad__placeholder">{placeholder ?? (kind === 'money' ? money(0) : '0')}</span> : shown}
            </output>
          )}
        </div>
      )}
      {quick && quick.length > 0 && (
        <div className="keypad__quick" role="group" aria-label={t('keypad.quickCash')}>
          {quick.map((amount) => (
            <button
              key={amount.value}
              type="button"
              className="keypad__key keypad__key--quick"
              data-testid={`${testId}-quick`}
              data-value={amount.value}
              aria-label={amount.ariaLabel}
              aria-pressed={value === amount.value}
              disabled={disabled}
              onMouseDown={keepFocus}
              onClick={() => onChange(amount.value)}
            >
              {amount.label}
            </button>
          ))}
        </div>
      )}
      <div className={`keypad__keys${zeros ? '' : ' keypad__keys--no-zeros'}`}>
        {DIGIT_ROWS.flat().map((digit) => key(digit, digit))}
        {key('back', '⌫', t('keypad.back'))}
        {key('clear', t('keypad.clearShort'), `${t('keypad.clearShort')} — ${t('keypad.clear')}`)}
        {zeros && key(zeros, zeros)}
        {key('0', '0')}
        {onEnter && (
          <button
            type="button"
            className="keypad__key keypad__key--enter"
            data-key="enter"
            data-testid={`${testId}-enter`}
            aria-label={`${t('keypad.ok')} — ${t('keypad.enter')}`}
            aria-keyshortcuts="Enter"
            disabled={disabled}
            onMouseDown={keepFocus}
            onClick={onEnter}
          >
            {t('keypad.ok')}
          </button>
        )}
      </div>
    </div>
  );
}
