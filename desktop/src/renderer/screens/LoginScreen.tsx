import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callMain } from '../bridge/seri-bridge';
import { describeError, describePinError } from '../hooks/describe-error';
import { useShop } from '../hooks/use-shop';
import { useServices } from '../services';
import { PinField, UserButton } from '../components/PinEntry';
import { useSeriStore } from '../store/seri-store';

/** The cashier picks their name and types their PIN; main checks it against the synced hashes, offline too. */
export function LoginScreen() {
  const { t } = useTranslation();
  const { db, bridge } = useServices();
  const { shop } = useShop();
  const logIn = useSeriStore((state) => state.logIn);
  const logOut = useSeriStore((state) => state.logOut);
  const lockedBy = useSeriStore((state) => (state.locked ? state.cashier : null));
  const cartLines = useSeriStore((state) => state.cartLines.length);
  const users = useLiveQuery(() => db.users.filter((user) => user.active).sortBy('name'), [db]);
  const [chosenId, setUserId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  // A locked till reopens for its cashier; a shop with one cashier has nothing to choose.
  const userId = chosenId ?? lockedBy?.userId ?? (users?.length === 1 ? (users[0]?.id ?? null) : null);

  const choose = (id: string): void => {
    setUserId(id);
    setError(null);
    pinRef.current?.focus();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (!userId) {
      setError(t('login.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      logIn(await callMain(bridge, 'session:login', { userId, pin }));
    } catch (failure) {
      setError(describePinError(t, failure, 'login') ?? t('login.failed', { message: describeError(t, failure) }));
      setPin('');
      setBusy(false);
      pinRef.current?.focus();
    }
  };

  return (
    <main className="centered-screen" data-testid={lockedBy ? 'lock-screen' : 'login-screen'}>
      <form className="card card--login" onSubmit={(event) => void submit(event)} noValidate>
        <p className="eyebrow">{shop?.name}</p>
        <h1>{lockedBy ? t('login.lockedTitle') : t('login.title')}</h1>
        {lockedBy && (
          <p className="muted" data-testid="lock-hint">
            {cartLines > 0 ? t('login.lockedWithCart', { name: lockedBy.name, count: cartLines }) : t('login.locked', { name: lockedBy.name })}
          </p>
        )}
        <div className="login__columns">
          <fieldset className="user-grid">
            <legend className="field__label">{t('login.chooseUser')}</legend>
            {users?.length === 0 && <p className="muted">{t('login.noUsers')}</p>}
            {users?.map((user) => (
              <UserButton key={user.id} user={user} testId="login-user" pressed={userId === user.id} onChoose={() => choose(user.id)} />
            ))}
          </fieldset>
          <div className="login__pin">
            <PinField label={t('login.pin')} testId="login-pin" value={pin} onChange={setPin} ref={pinRef} />
            {error && (
              <p className="form-error" role="alert" data-testid="login-error">
                {error}
              </p>
            )}
            <button className="button button--primary button--large" type="submit" data-testid="login-submit" disabled={busy} aria-busy={busy}>
              {lockedBy ? t('login.unlock') : t('login.submit')}
            </button>
          </div>
        </div>
        {lockedBy && (
          <button className="button button--large lock__logout" type="button" data-testid="logout" onClick={logOut}>
            {t('login.endSession', { name: lockedBy.name })}
          </button>
        )}
      </form>
    </main>
  );
}
