import type { TFunction } from 'i18next';
import { BridgeError } from '../bridge/seri-bridge';
import { SaleRefusedError } from '../domain/create-sale';
import { CommandRefusedError } from '../domain/local-ops';

/** A sentence for the cashier, in the UI language, for any error the screens can meet. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof BridgeError) return t(`errors.${error.code}`, { message: error.message });
  if (error instanceof SaleRefusedError) {
    return t(`errors.${error.code}`, { defaultValue: error.message, message: error.message });
  }
  if (error instanceof CommandRefusedError) {
    return t(`errors.${error.code}`, { defaultValue: error.message, message: error.message, ...error.params });
  }
  return t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
}
