import { SetMetadata } from '@nestjs/common';

export const AUDIT_KEY = 'seri:audit';

export interface AuditOptions {
  /** What happened, in the shop's words: `product.create`, `user.pin.reset`… */
  action: string;
  /** The route creates a shop: the audited shop is the one in the response (`id`). */
  shopFromResult?: boolean;
}

/**
 * Names the manager action a route performs. Every write under /api/admin is audited by
 * the interceptor whether or not it carries this; the name only makes the log readable.
 */
export const Audit = (action: string, options: Omit<AuditOptions, 'action'> = {}): MethodDecorator =>
  SetMetadata(AUDIT_KEY, { action, ...options } satisfies AuditOptions);
