import type { EntityManager } from 'typeorm';

/** What an applier knows about the op it applies, inside the op's transaction. */
export interface OpContext {
  manager: EntityManager;
  opId: string;
  shopId: string;
  deviceId: string;
  userId: string;
  /** The op's stamp, clamped when its clock ran too far ahead (I6). */
  hlc: string;
}
