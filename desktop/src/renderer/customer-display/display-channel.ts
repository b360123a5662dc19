import type { Minor } from '@seri/shared';

/**
 * The till's page and the customer display page talk over one BroadcastChannel: both are pages
 * of the same origin in the same browser session (Electron's second window, the shell's second
 * page), so the cart crosses without main, without the network and without a write to disk.
 */
export const CUSTOMER_DISPLAY_CHANNEL = 'seri-customer-display';

/** The renderer's hash route for the display page (main opens index.html#customer-display). */
export const CUSTOMER_DISPLAY_ROUTE = '#customer-display';

export interface CustomerLine {
  id: string;
  name: string;
  quantity: number;
  unitPrice: Minor;
  /** What the line costs after its discount. */
  total: Minor;
  discount: Minor;
}

/** What the customer sees: a welcome between customers, the cart being rung up, then the payment and a thank-you. */
export type CustomerView =
  | { kind: 'welcome' }
  | { kind: 'cart'; lines: CustomerLine[]; itemCount: number; subtotal: Minor; discount: Minor; total: Minor }
  | { kind: 'paid'; number: string; total: Minor; tendered: Minor; change: Minor };

export type CustomerDisplayMessage =
  | { type: 'view'; view: CustomerView }
  /** The display page just opened: the till answers with what is on its screen. */
  | { type: 'hello' }
  /** The settings' test button: the display shows that it is the one. */
  | { type: 'test' };

const isMinorValue = (value: unknown): value is Minor => typeof value === 'number' && Number.isSafeInteger(value);

function isLine(value: unknown): value is CustomerLine {
  const line = value as Partial<CustomerLine> | null;
  return (
    typeof line === 'object' &&
    line !== null &&
    typeof line.id === 'string' &&
    typeof line.name === 'string' &&
    isMinorValue(line.quantity) &&
    isMinorValue(line.unitPrice) &&
    isMinorValue(line.total) &&
    isMinorValue(line.discount)
  );
}

function isView(value: unknown): value is CustomerView {
  const view = value as Record<string, unknown> | null;
  if (typeof view !== 'object' || view === null) return false;
  switch (view['kind']) {
    case 'welcome':
      return true;
    case 'cart':
      return Array.isArray(view['lines']) && view['lines'].every(isLine) && ['itemCount', 'subtotal', 'discount', 'total'].every((key) => isMinorValue(view[key]));
    case 'paid':
      return typeof view['number'] === 'string' && ['total', 'tendered', 'change'].every((key) => isMinorValue(view[key]));
    default:
      return false;
  }
}

/** A message from the channel, or null for anything this build does not know (another version's page). */
export function readDisplayMessage(data: unknown): CustomerDisplayMessage | null {
  const message = data as Record<string, unknown> | null;
  if (typeof message !== 'object' || message === null) return null;
  if (message['type'] === 'hello' || message['type'] === 'test') return { type: message['type'] };
  if (message['type'] === 'view' && isView(message['view'])) return { type: 'view', view: message['view'] };
  return null;
}

/** One channel per page, opened on first use; null where the browser has none. */
let channel: BroadcastChannel | null | undefined;
function pageChannel(): BroadcastChannel | null {
  if (channel === undefined) channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL);
  return channel;
}

export function postToDisplay(message: CustomerDisplayMessage): void {
  pageChannel()?.postMessage(message);
}

/** Listens to the channel; returns the unsubscribe. */
export function onDisplayMessage(listener: (message: CustomerDisplayMessage) => void): () => void {
  const target = pageChannel();
  if (!target) return () => undefined;
  const handler = (event: MessageEvent): void => {
    const message = readDisplayMessage(event.data);
    if (message) listener(message);
  };
  target.addEventListener('message', handler);
  return () => target.removeEventListener('message', handler);
}

/** How long the settings' test card stays on the customer's screen. */
export const TEST_CARD_MS = 8_000;

/** The till's side: the last view published, sent again to a display page that says hello. */
let lastView: CustomerView = { kind: 'welcome' };
/** Until when a display page that opens (or reopens) shows the test card. */
let testUntil = 0;
let answering = false;

function answerHellos(): void {
  if (answering) return;
  answering = true;
  onDisplayMessage((message) => {
    if (message.type !== 'hello') return;
    postToDisplay({ type: 'view', view: lastView });
    if (Date.now() < testUntil) postToDisplay({ type: 'test' });
  });
}

export function publishCustomerView(view: CustomerView): void {
  lastView = view;
  answerHellos();
  postToDisplay({ type: 'view', view });
}

/** The settings' test button: the card shows now, or as soon as a display page just opened says hello. */
export function showTestCard(): void {
  testUntil = Date.now() + TEST_CARD_MS;
  answerHellos();
  postToDisplay({ type: 'test' });
}
