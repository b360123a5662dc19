import type { OpAuthor } from '../domain/local-ops';
import { useShop } from './use-shop';
import { useSeriStore } from '../store/seri-store';

/** The device, its shop and the cashier: who every op made at this till is from. Null before login. */
export function useAuthor(): OpAuthor | null {
  const { shop } = useShop();
  const device = useSeriStore((state) => state.device);
  const cashier = useSeriStore((state) => state.cashier);
  const shopId = shop?.id ?? device?.shop?.id;
  if (!device?.deviceId || !shopId || !cashier) return null;
  return { deviceId: device.deviceId, shopId, userId: cashier.userId };
}
