import type { RejectionCode } from '@seri/shared';

/**
 * A business reason to refuse one op (unknown product, another shop's row, a sale that
 * already exists…). The push rolls back the op's effect and records the rejection, so a
 * replay gets the same answer; the terminal keeps the op REJECTED for a manager (I7).
 */
export class OpRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'OpRejection';
  }
}
