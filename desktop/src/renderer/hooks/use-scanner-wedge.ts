import { useEffect, useRef } from 'react';
import { DEFAULT_WEDGE, WedgeDetector } from '../domain/scanner-wedge';

/** The till's own scan field handles scans itself (Enter there adds the product). */
export const SCAN_FIELD_ATTRIBUTE = 'data-scan-field';

type Editable = HTMLInputElement | HTMLTextAreaElement;

function editable(target: EventTarget | null): Editable | null {
  if (target instanceof HTMLTextAreaElement) return target;
  if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)) return target;
  return null;
}

/** Sets a field's value the way typing does, so React's onChange sees it. */
function restoreValue(field: Editable, value: string): void {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * A keyboard-wedge scanner works wherever the focus is: its keystrokes are watched from
 * the window (capture phase), and a fast burst ending in Enter is a scan. If the burst
 * landed in some other field (a quantity, a search, a note), that field gets its text back
 * and the Enter never reaches it. PIN fields and open dialogs are left alone.
 */
export function useScannerWedge(onScan: (code: string) => void, enabled = true): void {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const detector = new WedgeDetector(DEFAULT_WEDGE);
    let snapshot: { field: Editable; value: string } | null = null;
    const onKeyDown = (event: KeyboardEvent): void => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(`[${SCAN_FIELD_ATTRIBUTE}]`) || target?.closest('dialog[open]') || document.querySelector('dialog[open]')) {
        detector.reset();
        return;
      }
      const field = editable(event.target);
      if (field instanceof HTMLInputElement && field.type === 'password') return;
      if (event.ctrlKey || event.altKey || event.metaKey) {
        detector.reset();
        return;
      }
      const verdict = detector.key(event.key, event.timeStamp);
      if (verdict.kind === 'char' && verdict.starts) snapshot = field ? { field, value: field.value } : null;
      if (verdict.kind !== 'scan') return;
      event.preventDefault();
      event.stopPropagation();
      if (snapshot && snapshot.field === field) restoreValue(snapshot.field, snapshot.value);
      snapshot = null;
      handler.current(verdict.code);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled]);
}

let screenScanHandler: ((code: string) => void) | null = null;

/** The scan handler of the screen on show, if it has one (Produits looks the code up; the others send it to the cart). */
export function currentScanHandler(): ((code: string) => void) | null {
  return screenScanHandler;
}

/** A screen that does something of its own with scans registers it while mounted. */
export function useScanHandler(handler: (code: string) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const forward = (code: string): void => latest.current(code);
    // A part inside a screen (the label sheet inside the products screen) hands the scans back when it closes.
    const previous = screenScanHandler;
    screenScanHandler = forward;
    return () => {
      if (screenScanHandler === forward) screenScanHandler = previous;
    };
  }, []);
}
