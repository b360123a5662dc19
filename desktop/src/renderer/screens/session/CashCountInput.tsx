import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { XOF_DENOMINATIONS, countTotal, type DenominationCount, type DenominationKey } from '@seri/shared';
import { NumericKeypad } from '../../components/NumericKeypad';
import type { CashCount } from '../../domain/cash-session-commands';
import { useShop } from '../../hooks/use-shop';

export interface CashCountDraft {
  mode: 'grid' | 'amount';
  pieces: Partial<Record<DenominationKey, string>>;
  amountText: string;
}

export const emptyCountDraft = (mode: CashCountDraft['mode'] = 'grid'): CashCountDraft => ({ mode, pieces: {}, amountText: '' });

/** The count the draft stands for, or null while a field is not a whole number. */
export function draftCount(draft: CashCountDraft): CashCount | null {
  if (draft.mode === 'amount') {
    const text = draft.amountText.replace(/[\s\u00a0\u202f]/g, '');
    if (!/^\d{1,12}$/.test(text)) return null;
    return { amount: Number(text), grid: null };
  }
  const grid: DenominationCount = {};
  for (const denomination of XOF_DENOMINATIONS) {
    const text = (draft.pieces[denomination.key] ?? '').trim();
    if (text === '') continue;
    if (!/^\d{1,6}$/.test(text)) return null;
    const pieces = Number(text);
    if (pieces > 0) grid[denomination.key] = pieces;
  }
  return { amount: countTotal(grid), grid };
}

/**
 * The cash counted, with the XOF grid of notes and coins (a field per denomination, Tab from
 * one to the next) or as a plain amount. Two buttons switch, so a finger never has to open
 * a drop-down. The on-screen keypad types into the denomination last tapped (OK goes to the
 * next one, then submits) or into the amount.
 */
export function CashCountInput({ draft, onChange, idPrefix, autoFocus = false }: { draft: CashCountDraft; onChange: (draft: CashCountDraft) => void; idPrefix: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const { money } = useShop();
  const count = draftCount(draft);
  const box = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const denomination = XOF_DENOMINATIONS[active] ?? XOF_DENOMINATIONS[0];
  const label = (entry: (typeof XOF_DENOMINATIONS)[number]): string => t(`session.count.${entry.kind === 'NOTE' ? 'note' : 'coin'}`, { value: money(entry.value) });
  const submit = (): void => box.current?.closest('form')?.requestSubmit();
  const next = (): void => {
    if (active >= XOF_DENOMINATIONS.length - 1) return submit();
    setActive(active + 1);
    document.getElementById(`${idPrefix}-${XOF_DENOMINATIONS[active + 1]?.key ?? ''}`)?.focus();
  };
  return (
    <div className="cash-count" data-testid={`${idPrefix}-count`} ref={box}>
      <div className="segmented" role="group" aria-label={t('session.count.mode')}>
        {(['grid', 'amount'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            className="button"
            aria-pressed={draft.mode === mode}
            data-testid={`${idPrefix}-mode-${mode}`}
            onClick={() => onChange({ ...draft, mode })}
          >
            {t(`session.count.${mode}`)}
          </button>
        ))}
      </div>
      {draft.mode === 'grid' ? (
        <div className="cash-grid">
          {XOF_DENOMINATIONS.map((denomination, index) => (
            <label key={denomination.key} className={`cash-grid__row${index === active ? ' cash-grid__row--keypad' : ''}`} htmlFor={`${idPrefix}-${denomination.key}`}>
              <span className="cash-grid__label">{label(denomination)}</span>
              <input
                id={`${idPrefix}-${denomination.key}`}
                className="input cash-grid__input"
                data-testid={`${idPrefix}-${denomination.key}`}
                inputMode="none"
                autoComplete="off"
                autoFocus={autoFocus && index === 0}
                onFocus={() => setActive(index)}
                value={draft.pieces[denomination.key] ?? ''}
                onChange={(event) => onChange({ ...draft, pieces: { ...draft.pieces, [denomination.key]: event.target.value } })}
              />
            </label>
          ))}
        </div>
      ) : (
        <label className="field" htmlFor={`${idPrefix}-amount`}>
          <span className="field__label">{t('session.count.amountLabel')}</span>
          <input
            id={`${idPrefix}-amount`}
            className="input input--money"
            data-testid={`${idPrefix}-amount`}
            inputMode="none"
            autoComplete="off"
            autoFocus={autoFocus}
            value={draft.amountText}
            onChange={(event) => onChange({ ...draft, amountText: event.target.value })}
          />
        </label>
      )}
      {draft.mode === 'grid' ? (
        <NumericKeypad
          kind="quantity"
          value={(draft.pieces[denomination.key] ?? '').replace(/\D/g, '')}
          onChange={(pieces) => onChange({ ...draft, pieces: { ...draft.pieces, [denomination.key]: pieces } })}
          label={t('keypad.piecesOf', { label: label(denomination) })}
          maxLength={6}
          caption={t('keypad.pieces', { label: label(denomination), count: Number(draft.pieces[denomination.key] ?? 0) || 0, amount: money(denomination.value * (Number(draft.pieces[denomination.key] ?? 0) || 0)) })}
          onEnter={next}
          testId={`${idPrefix}-keypad`}
        />
      ) : (
        <NumericKeypad
          kind="money"
          value={draft.amountText.replace(/\D/g, '')}
          onChange={(digits) => onChange({ ...draft, amountText: digits })}
          label={t('session.count.amountLabel')}
          onEnter={submit}
          testId={`${idPrefix}-keypad`}
        />
      )}
      <p className="cash-count__total" role="status" data-testid={`${idPrefix}-total`}>
        {count ? t('session.count.total', { amount: money(count.amount) }) : t('session.count.invalid')}
      </p>
    </div>
  );
}
