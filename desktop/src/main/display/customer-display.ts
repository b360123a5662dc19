import { ResultErrorException, type CustomerDisplayStatus, type DisplayScreen } from '@seri/shared';

/** The renderer's hash route of the customer display page (same build, same origin as the till). */
export const CUSTOMER_DISPLAY_HASH = 'customer-display';

/**
 * The customer-facing display: Electron opens a second window on another screen
 * (electron/customer-display.electron.ts), the headless shell a second page. The page reads
 * the cart from the till's page over a BroadcastChannel; main only places the window.
 */
export interface CustomerDisplay {
  screens(): DisplayScreen[];
  show(request: { enabled: boolean; screenId: number | null }): CustomerDisplayStatus | Promise<CustomerDisplayStatus>;
}

export const CLOSED_DISPLAY: CustomerDisplayStatus = { open: false, screenId: null };

/** A till with no display glue: no screen to offer, and opening one is refused. */
export const NO_CUSTOMER_DISPLAY: CustomerDisplay = {
  screens: () => [],
  show: ({ enabled }) => {
    if (enabled) throw new ResultErrorException('NOT_FOUND', 'no screen for a customer display on this terminal');
    return CLOSED_DISPLAY;
  },
};

/**
 * The screen asked for, or (null) the first that is not the till's own; a display on the till's
 * screen only when asked for by id (a single-screen test bench). NOT_FOUND otherwise: a display
 * unplugged since it was chosen is said so, not silently moved over the till.
 */
export function pickScreen(screens: readonly DisplayScreen[], screenId: number | null): DisplayScreen {
  const screen = screenId === null ? screens.find((candidate) => !candidate.primary) : screens.find((candidate) => candidate.id === screenId);
  if (!screen) {
    throw new ResultErrorException('NOT_FOUND', screenId === null ? 'no second screen is attached' : `screen ${screenId} is not attached`);
  }
  return screen;
}
