import { Logger } from '@nestjs/common';
import { HlcClock, decodeHlc, encodeHlc } from '@seri/shared';

export const SERVER_CLOCK_NODE = 'server';

export interface AdmittedStamp {
  /** The stamp to order the op's writes by: the op's own, or clamped when too far ahead. */
  hlc: string;
  clamped: boolean;
}

/**
 * The server's hybrid logical clock, one per process. Every op's stamp is received, so the
 * stamp returned to terminals is ahead of everything the server has seen; a terminal whose
 * clock runs more than the allowed drift ahead is clamped (and logged) rather than followed.
 * Provided with a factory (its constructor takes the wall clock, for tests).
 */
export class ServerClock {
  private readonly logger = new Logger('ServerClock');
  private readonly clock: HlcClock;

  constructor(private readonly now: () => number = Date.now) {
    this.clock = new HlcClock({ node: SERVER_CLOCK_NODE, now });
  }

  admit(stamp: string, from: string): AdmittedStamp {
    const { clamped } = this.clock.receive(stamp, 'clamp');
    if (!clamped) return { hlc: stamp, clamped };
    const remote = decodeHlc(stamp);
    const limit = this.now() + this.clock.maxDriftMs;
    this.logger.warn(`clock of ${from} is ${remote.ms - this.now()} ms ahead; stamp ${stamp} clamped`);
    return { hlc: encodeHlc({ ms: limit, counter: remote.counter, node: remote.node }), clamped };
  }

  /** A fresh stamp, greater than every stamp admitted so far. */
  tick(): string {
    return this.clock.tick();
  }
}
