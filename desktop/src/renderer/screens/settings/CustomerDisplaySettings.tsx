import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayScreen } from '@seri/shared';
import { BridgeError, callMain } from '../../bridge/seri-bridge';
import { showTestCard } from '../../customer-display/display-channel';
import type { TerminalPreferences } from '../../db/seri-db';
import { describeError } from '../../hooks/describe-error';
import { usePreferences } from '../../hooks/use-preferences';
import { useServices } from '../../services';
import '../../customer-display/customer-display.css';

type DisplayPreferences = Pick<TerminalPreferences, 'customerDisplay' | 'customerDisplayScreen'>;

/** "Écran client": on or off, which screen, and a test card to tell the screens apart. */
export function CustomerDisplaySettings() {
  const { t } = useTranslation();
  const { bridge } = useServices();
  const { preferences, save } = usePreferences();
  const [screens, setScreens] = useState<DisplayScreen[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    callMain(bridge, 'display:screens', undefined).then(
      (found) => {
        if (!cancelled) setScreens(found);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [bridge]);

  /** Main opens (or closes) the window first: a screen that is not there is said here and nothing is saved. */
  const apply = async (next: DisplayPreferences, test = false): Promise<void> => {
    setBusy(true);
    try {
      await callMain(bridge, 'display:show', { enabled: next.customerDisplay, screenId: next.customerDisplayScreen });
      await save(next);
      setProblem(null);
      if (test) showTestCard();
    } catch (error) {
      setProblem(error instanceof BridgeError && error.code === 'NOT_FOUND' ? t('settings.display.noScreen') : describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  const current: DisplayPreferences = { customerDisplay: preferences.customerDisplay, customerDisplayScreen: preferences.customerDisplayScreen };
  const choices: Array<{ id: number | null; label: string }> = [
    { id: null, label: t('settings.display.auto') },
    ...screens.map((screen, index) => ({
      id: screen.id,
      label: `${t('settings.display.screen', { index: index + 1, width: screen.width, height: screen.height })}${screen.primary ? ` · ${t('settings.display.tillScreen')}` : ''}`,
    })),
  ];

  return (
    <section className="display-settings" aria-labelledby="display-title" data-testid="settings-display">
      <h2 id="display-title" className="section-title">
        {t('settings.display.title')}
      </h2>
      <p className="muted">{t('settings.display.explain')}</p>
      <label className="check">
        <input
          type="checkbox"
          data-testid="settings-display-enabled"
          checked={preferences.customerDisplay}
          disabled={busy}
          onChange={(event) => void apply({ ...current, customerDisplay: event.target.checked })}
        />
        <span>{t('settings.display.enabled')}</span>
      </label>
      <div className="segmented segmented--wrap" role="radiogroup" aria-label={t('settings.display.which')}>
        {choices.map((choice) => (
          <button
            key={choice.id ?? 'auto'}
            type="button"
            role="radio"
            className="segmented__option"
            data-testid="settings-display-screen"
            data-screen-id={choice.id ?? 'auto'}
            aria-checked={preferences.customerDisplayScreen === choice.id}
            disabled={busy}
            onClick={() => void apply({ ...current, customerDisplayScreen: choice.id })}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {problem && (
        <p className="form-error" role="alert" data-testid="settings-display-problem">
          {problem}
        </p>
      )}
      <button
        type="button"
        className="button"
        data-testid="settings-display-test"
        disabled={busy}
        onClick={() => void apply({ ...current, customerDisplay: true }, true)}
      >
        {t('settings.display.test')}
      </button>
    </section>
  );
}
