import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callMain } from '../bridge/seri-bridge';
import { describeError } from '../hooks/describe-error';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3000';

/** First start: the terminal gets its identity and the shop's server from an enrollment code. */
export function EnrollScreen() {
  const { t } = useTranslation();
  const { bridge } = useServices();
  const setDevice = useSeriStore((state) => state.setDevice);
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (!serverUrl.trim() || !code.trim() || !name.trim()) {
      setError(t('enroll.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDevice(await callMain(bridge, 'device:enroll', { serverUrl: serverUrl.trim(), code: code.trim(), name: name.trim() }));
    } catch (failure) {
      setError(t('enroll.failed', { message: describeError(t, failure) }));
      setBusy(false);
    }
  };

  return (
    <main className="centered-screen">
      <form className="card card--narrow" onSubmit={(event) => void submit(event)} noValidate>
        <h1>{t('enroll.title')}</h1>
        <p className="muted">{t('enroll.intro')}</p>
        <p className="muted small">{t('enroll.provisioned')}</p>
        <label className="field">
          <span className="field__label">{t('enroll.serverUrl')}</span>
          <input
            className="input"
            data-testid="enroll-server-url"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={serverUrl}
            onChange={(event) => setServerUrl(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('enroll.code')}</span>
          <input
            className="input"
            data-testid="enroll-code"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('enroll.name')}</span>
          <input
            className="input"
            data-testid="enroll-name"
            autoComplete="off"
            placeholder={t('enroll.namePlaceholder')}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="enroll-error">
            {error}
          </p>
        )}
        <button className="button button--primary button--large" type="submit" data-testid="enroll-submit" disabled={busy} aria-busy={busy}>
          {busy ? t('enroll.submitting') : t('enroll.submit')}
        </button>
      </form>
    </main>
  );
}
