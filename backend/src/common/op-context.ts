import type { EntityManager } from 'typeorm';

/** What an applier knows about the op it applies, inside the op's transaction. */
export interface OpContext {
  manager: EntityManager;
  opId: string;
  /** sha256 of the op's canonical JSON, which a replay must match (I2); a sale stores it with its claim. Absent outside a push (the demo seed). */
  bodyHash?: string;
  shopId: string;
  deviceId: string;
  userId: string;
  /** The op's stamp, clamped when its clock ran too far ahead (I6). */
  hlc: string;
}
