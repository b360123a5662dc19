import { useEffect } from 'react';
import { useSeriStore } from '../store/seri-store';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;

/**
 * Locks the till after `minutes` without a touch, a click or a key (0: never). The cashier
 * and the cart stay; the PIN opens it again. Checked against the clock rather than one long
 * timer, so a machine waking from sleep locks at once.
 */
export function useIdleLock(minutes: number): void {
  const lock = useSeriStore((state) => state.lock);
  useEffect(() => {
    if (minutes <= 0) return undefined;
    let last = Date.now();
    const touch = (): void => {
      last = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) lock();
    }, Math.min(CHECK_EVERY_MS, minutes * 60_000));
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
      clearInterval(timer);
    };
  }, [minutes, lock]);
}
