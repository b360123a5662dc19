import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShop } from '../hooks/use-shop';
import { addDays, dayPartOrder, formatDay, parseDay } from '@seri/shared';

interface DateFieldProps {
  label: string;
  /** `YYYY-MM-DD`, the shop's local day. */
  value: string;
  onChange: (day: string) => void;
  min?: string;
  max?: string;
  testId?: string;
  /** The filters' narrower form. */
  compact?: boolean;
}

/**
 * A day in the shop's own numeric form (02/12/2026 in a French shop, as the rows and receipts
 * write it), where the native picker would follow the browser's (12/02/2026): typed in that
 * order (or as 2026-12-02), or stepped a day at a time with the ‹ › buttons or the arrow keys.
 * A typed day is taken as soon as it is a whole, real day within min and max.
 */
export function DateField({ label, value, onChange, min, max, testId, compact = false }: DateFieldProps) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const within = (day: string): boolean => (!min || day >= min) && (!max || day <= max);
  const typed = draft === null ? value : parseDay(draft, locale);
  const invalid = draft !== null && draft.trim() !== '' && (typed === null || !within(typed));
  const placeholder = dayPartOrder(locale)
    .map((part) => t(`date.${part}Letters`))
    .join('/');

  function step(count: number): void {
    const next = addDays(value, count);
    setDraft(null);
    if (within(next)) onChange(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      step(event.key === 'ArrowUp' ? 1 : -1);
    } else if (event.key === 'Enter' || event.key === 'Escape') {
      if (draft !== null) event.preventDefault();
      setDraft(null);
    }
  }

  return (
    <div className={`field${compact ? ' field--compact' : ''}`} role="group" aria-labelledby={`${id}-label`}>
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      <div className="date-field">
        <button type="button" className="icon-button date-field__step" aria-label={t('date.previousDay')} disabled={!!min && value <= min} onClick={() => step(-1)}>
          ‹
        </button>
        <input
          className="input input--small date-field__input"
          data-testid={testId}
          data-value={value}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          aria-label={label}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint`}
          placeholder={placeholder}
          value={draft ?? formatDay(value, locale)}
          onChange={(event) => {
            const text = event.target.value;
            setDraft(text);
            const day = parseDay(text, locale);
            if (day && within(day) && day !== value) onChange(day);
          }}
          onBlur={() => setDraft(null)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="icon-button date-field__step" aria-label={t('date.nextDay')} disabled={!!max && value >= max} onClick={() => step(1)}>
          ›
        </button>
      </div>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('date.hint', { pattern: placeholder })}
      </span>
    </div>
  );
}
