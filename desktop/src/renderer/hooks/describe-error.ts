import type { TFunction } from 'i18next';
import { REJECTION_CODES, type OpEntity, type OpKind, type RejectionCode } from '@seri/shared';
import { BridgeError } from '../bridge/seri-bridge';
import { SaleRefusedError } from '../domain/create-sale';
import { CommandRefusedError } from '../domain/local-ops';

/** A sentence for the cashier, in the UI language, for any error the screens can meet. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof BridgeError) return t(`errors.${error.code}`, { message: error.message, ...error.params });
  if (error instanceof SaleRefusedError) {
    return t(`errors.${error.code}`, { defaultValue: error.message, message: error.message });
  }
  if (error instanceof CommandRefusedError) {
    return t(`errors.${error.code}`, { defaultValue: error.message, message: error.message, ...error.params });
  }
  return t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
}

/** A wrong PIN, said with the tries left or the wait, in the words of the screen it was typed on. */
export function describePinError(t: TFunction, error: unknown, screen: 'login' | 'approval'): string | null {
  if (!(error instanceof BridgeError)) return null;
  if (error.code === 'PIN_LOCKED') return t(`${screen}.pinLocked`, { seconds: error.params.seconds ?? 0 });
  if (error.code === 'BAD_PIN' && error.params.attemptsLeft !== undefined) return t(`${screen}.badPinLeft`, { count: error.params.attemptsLeft });
  if (error.code === 'BAD_PIN' || error.code === 'VALIDATION') return t(`${screen}.badPin`);
  return null;
}

/** What the server refused and what the cashier does now, never the server's raw code or English reason. */
export interface RejectionText {
  what: string;
  todo: string;
}

/** The op a refusal was about, as far as the screen knows it. */
export interface RefusedOp {
  entity: OpEntity;
  kind: OpKind;
}

function isRejectionCode(code: string): code is RejectionCode {
  return (REJECTION_CODES as readonly string[]).includes(code);
}

/**
 * Says a server refusal (I7) in the UI language. A void or refund the till already showed as
 * done says what to do with the cash: the server still counts the sale as paid.
 */
export function describeRejection(t: TFunction, code: string | null, op: RefusedOp | undefined): RejectionText {
  const what = code !== null && isRejectionCode(code) ? t(`rejection.what.${code}`) : t('rejection.what.unknown');
  const todoKey =
    op?.entity === 'sale' ? (op.kind === 'void' ? 'saleVoid' : op.kind === 'refund' ? 'saleRefund' : op.kind === 'create' ? 'saleCreate' : 'other') : 'other';
  return { what, todo: t(`rejection.todo.${todoKey}`) };
}
