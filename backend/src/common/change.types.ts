import type { Change } from '@seri/shared';

/** What applying an op produced: the feed rows to append in the same transaction. */
export interface AppliedEffect {
  changes: Change[];
}
