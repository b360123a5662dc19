import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../components/DateField';
import { minorExponent, parseMoney, type ExpenseRecord, type Minor } from '@seri/shared';
import { Modal } from '../components/Modal';
import { createExpense, deleteExpense, updateExpense } from '../domain/expense-commands';
import { localDay, parseLocalDay } from '../domain/reports';
import { useAuthor } from '../hooks/use-author';
import { describeError } from '../hooks/describe-error';
import { useShop } from '../hooks/use-shop';
import { useRuntime, useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

/** Categories offered before the shop has its own. */
const SUGGESTED_CATEGORIES = ['Transport', 'Électricité', 'Eau', 'Loyer', 'Salaires', 'Fournitures', 'Entretien', 'Divers'];

interface ExpenseForm {
  category: string;
  amount: string;
  date: string;
  note: string;
}

function amountText(amount: Minor, currency: string): string {
  const exponent = minorExponent(currency);
  return exponent === 0 ? String(amount) : (amount / 10 ** exponent).toFixed(exponent);
}

/** "Dépenses": what left the till (transport, electricity…), recorded, edited and deleted as ops, offline too. */
export function ExpensesScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, wordsLocale, currency } = useShop();
  const runtime = useRuntime();
  const author = useAuthor();
  const pushToast = useSeriStore((state) => state.pushToast);
  const now = new Date();
  const [from, setFrom] = useState(localDay(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(localDay(now));
  const emptyForm = (): ExpenseForm => ({ category: '', amount: '', date: localDay(new Date()), note: '' });
  const [form, setForm] = useState<ExpenseForm>(emptyForm);
  const [editing, setEditing] = useState<ExpenseRecord | null>(null);
  const [deleting, setDeleting] = useState<ExpenseRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const expenses = useLiveQuery(
    async () => (await db.expenses.where('date').between(from, `${to}\uffff`, true, true).toArray()).filter((expense) => !expense.deleted).sort((a, b) => (a.date < b.date ? 1 : -1)),
    [db, from, to],
    [] as ExpenseRecord[],
  );
  const known = useLiveQuery(async () => (await db.expenses.toArray()).map((expense) => expense.category), [db], [] as string[]);
  const categories = useMemo(() => [...new Set([...known, ...SUGGESTED_CATEGORIES])].sort((a, b) => a.localeCompare(b)), [known]);
  const total = expenses.reduce((sum, expense) => sum + expense.amount, 0);
  const dayFormat = useMemo(() => new Intl.DateTimeFormat(wordsLocale, { dateStyle: 'medium' }), [wordsLocale]);
  const set = (patch: Partial<ExpenseForm>): void => setForm((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    const amount = parseMoney(form.amount, currency);
    if (form.category.trim() === '') return setError(t('expenses.categoryRequired'));
    if (amount === null || amount <= 0) return setError(t('expenses.amountInvalid'));
    if (!parseLocalDay(form.date)) return setError(t('expenses.dateInvalid'));
    setBusy(true);
    setError(null);
    try {
      const fields = { category: form.category, amount, date: form.date, note: form.note.trim() === '' ? null : form.note };
      if (editing) {
        const updated = await updateExpense(db, { expenseId: editing.id, changes: fields, author });
        pushToast(updated ? 'success' : 'info', updated ? t('expenses.updated') : t('expenses.unchanged'));
      } else {
        await createExpense(db, { fields, author });
        pushToast('success', t('expenses.saved', { amount: money(amount), category: fields.category.trim() }));
      }
      runtime.relay.nudge();
      setEditing(null);
      setForm(emptyForm());
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  const confirmDelete = async (expense: ExpenseRecord): Promise<void> => {
    if (!author) return;
    try {
      await deleteExpense(db, { expenseId: expense.id, author });
      runtime.relay.nudge();
      pushToast('success', t('expenses.deleted'));
      if (editing?.id === expense.id) {
        setEditing(null);
        setForm(emptyForm());
      }
    } catch (failure) {
      pushToast('error', describeError(t, failure));
    } finally {
      setDeleting(null);
    }
  };

  return (
    <main className="expenses">
      <section className="panel expenses__form" aria-labelledby="expense-form-title">
        <h1 id="expense-form-title">{editing ? t('expenses.editTitle') : t('expenses.newTitle')}</h1>
        <form onSubmit={(event) => void submit(event)} noValidate data-testid="expense-form">
          <label className="field">
            <span className="field__label">{t('expenses.category')}</span>
            <input className="input" data-testid="expense-category" list="expense-categories" autoComplete="off" maxLength={100} value={form.category} onChange={(event) => set({ category: event.target.value })} />
            <datalist id="expense-categories">
              {categories.map((category) => (
                <option key={category} value={category} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field__label">{t('expenses.amount')}</span>
            <input className="input input--money" data-testid="expense-amount" inputMode="decimal" autoComplete="off" value={form.amount} onChange={(event) => set({ amount: event.target.value })} />
          </label>
          <DateField label={t('expenses.date')} testId="expense-date" value={form.date} max={localDay(new Date())} onChange={(date) => set({ date })} />
          <label className="field">
            <span className="field__label">{t('expenses.note')}</span>
            <input className="input" data-testid="expense-note" autoComplete="off" maxLength={500} value={form.note} onChange={(event) => set({ note: event.target.value })} />
          </label>
          {error && (
            <p className="form-error" role="alert" data-testid="expense-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            {editing && (
              <button
                type="button"
                className="button"
                data-testid="expense-cancel"
                onClick={() => {
                  setEditing(null);
                  setForm(emptyForm());
                  setError(null);
                }}
              >
                {t('common.cancel')}
              </button>
            )}
            <button type="submit" className="button button--primary" data-testid="expense-submit" disabled={busy} aria-busy={busy}>
              {editing ? t('common.save') : t('expenses.record')}
            </button>
          </div>
        </form>
      </section>
      <section className="panel expenses__list" aria-labelledby="expense-list-title">
        <div className="panel__header">
          <h2 id="expense-list-title">{t('expenses.listTitle')}</h2>
          <span className="muted" data-testid="expenses-total">
            {t('expenses.total', { count: expenses.length, total: money(total) })}
          </span>
        </div>
        <div className="filters">
          <DateField label={t('history.from')} testId="expenses-from" value={from} max={to} onChange={setFrom} compact />
          <DateField label={t('history.to')} testId="expenses-to" value={to} min={from} onChange={setTo} compact />
        </div>
        {expenses.length === 0 ? (
          <p className="muted">{t('expenses.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('expenses.date')}</th>
                <th scope="col">{t('expenses.category')}</th>
                <th scope="col">{t('expenses.note')}</th>
                <th scope="col" className="num">
                  {t('expenses.amount')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('expenses.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {expenses.map((expense) => (
                <tr key={expense.id} data-testid="expense-row" data-expense-id={expense.id} className={editing?.id === expense.id ? 'row--selected' : undefined}>
                  <td>{dayFormat.format(parseLocalDay(expense.date.slice(0, 10)) ?? new Date(expense.date))}</td>
                  <td>{expense.category}</td>
                  <td className="small">{expense.note ?? ''}</td>
                  <td className="num">{money(expense.amount)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="expense-edit"
                      aria-label={t('expenses.editOne', { category: expense.category })}
                      onClick={() => {
                        setEditing(expense);
                        setError(null);
                        setForm({ category: expense.category, amount: amountText(expense.amount, currency), date: expense.date.slice(0, 10), note: expense.note ?? '' });
                      }}
                    >
                      {t('common.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger-quiet"
                      data-testid="expense-delete"
                      aria-label={t('expenses.deleteOne', { category: expense.category })}
                      onClick={() => setDeleting(expense)}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {deleting && (
        <Modal labelledBy="expense-delete-title" onClose={() => setDeleting(null)} testId="expense-delete-dialog">
          <div className="modal__body">
            <h2 id="expense-delete-title">{t('expenses.deleteTitle')}</h2>
            <p>{t('expenses.deleteConfirm', { category: deleting.category, amount: money(deleting.amount) })}</p>
            <div className="modal__actions">
              <button type="button" className="button" autoFocus onClick={() => setDeleting(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button--danger" data-testid="expense-delete-confirm" onClick={() => void confirmDelete(deleting)}>
                {t('common.delete')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </main>
  );
}
