import type { BrowserContext, Page } from 'playwright-core';
import type { CustomerDisplayStatus, DisplayScreen } from '@seri/shared';
import { CLOSED_DISPLAY, CUSTOMER_DISPLAY_HASH, pickScreen, type CustomerDisplay } from '../main/display/customer-display';

/** The shell's one "second screen": a page of the terminal's browser context, full HD. */
export const SHELL_DISPLAY_SCREEN: DisplayScreen = { id: 2, label: 'Chromium', primary: false, width: 1920, height: 1080 };

export interface ShellCustomerDisplay extends CustomerDisplay {
  /** The display page while it is open (tests watch it). */
  page(): Page | null;
}

/**
 * The headless shell's customer display: a second page of the same browser context (same
 * origin, same IndexedDB, same BroadcastChannel scope as the till's page) on the renderer's
 * `#customer-display` route, as Electron's second window is.
 */
export function createShellCustomerDisplay(context: BrowserContext, rendererUrl: string): ShellCustomerDisplay {
  let page: Page | null = null;
  return {
    screens: () => [SHELL_DISPLAY_SCREEN],
    async show({ enabled, screenId }): Promise<CustomerDisplayStatus> {
      if (!enabled) {
        const closing = page;
        page = null;
        await closing?.close().catch(() => undefined);
        return CLOSED_DISPLAY;
      }
      const screen = pickScreen([SHELL_DISPLAY_SCREEN], screenId);
      if (!page || page.isClosed()) {
        const opened = await context.newPage();
        page = opened;
        await opened.setViewportSize({ width: screen.width, height: screen.height });
        await opened.goto(`${rendererUrl.split('#')[0]}#${CUSTOMER_DISPLAY_HASH}`);
      }
      return { open: true, screenId: screen.id };
    },
    page: () => (page && !page.isClosed() ? page : null),
  };
}
