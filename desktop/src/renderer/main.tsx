import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { windowBridge } from './bridge/seri-bridge';
import { CUSTOMER_DISPLAY_ROUTE } from './customer-display/display-channel';
import { CustomerDisplayScreen } from './customer-display/CustomerDisplayScreen';
import { SeriDb } from './db/seri-db';
import { createI18n } from './i18n/i18n';
import './styles.css';
import './keypad.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

const i18n = createI18n('fr');
const bridge = windowBridge();
const root = createRoot(container);

if (window.location.hash === CUSTOMER_DISPLAY_ROUTE) {
  // The customer display (a second window or page): read-only, it needs no bridge to main.
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <CustomerDisplayScreen db={new SeriDb()} />
      </I18nextProvider>
    </StrictMode>,
  );
} else if (bridge) {
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App db={new SeriDb()} bridge={bridge} />
      </I18nextProvider>
    </StrictMode>,
  );
} else {
  // Outside Electron and the headless shell there is no main process to talk to.
  root.render(
    <main className="centered-screen">
      <p className="form-error" role="alert">
        {i18n.t('app.noBridge')}
      </p>
    </main>,
  );
}
